/** One entry of an article's "More stories": its place in the list, the story, and how closely it relates. */
export interface RelatedArticlesTable {
  article_id: string;
  position: number;
  related_id: string;
  score: number;
}
