/** Reader-site paths; the one place that knows the URL scheme. */
export const articlePath = (sectionSlug: string, articleSlug: string) => `/${sectionSlug}/${articleSlug}`;
export const sectionPath = (slug: string) => `/${slug}`;
export const topicPath = (slug: string) => `/topics/${slug}`;
export const seriesPath = (slug: string) => `/series/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;
