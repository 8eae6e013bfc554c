import { createRequire } from 'node:module';
import { lazy } from '../../kernel/lazy.js';
import { AppError, invalid } from '../../kernel/errors.js';
import { firstCharacterChecked, utf8Text } from './byte-stream.js';

/** The site an export came from, and who wrote on it. */
export interface WxrChannel {
  title: string;
  link: string;
  /** `wp:base_site_url`, else `wp:base_blog_url`, else the channel's link. */
  baseUrl: string;
  /** Author logins (what items name in `dc:creator`) to their display names. */
  authors: Map<string, string>;
}

/** A category or tag an item carries. */
export interface WxrTerm {
  /** `category`, `post_tag`, or a custom taxonomy. */
  domain: string;
  nicename: string;
  name: string;
}

/** One `<item>`: a post, page, attachment or anything else WordPress keeps as a post. */
export interface WxrItem {
  /** The line it starts on, for messages. */
  line: number;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  postId: string;
  postDateGmt: string;
  postDate: string;
  postName: string;
  status: string;
  postParent: string;
  postType: string;
  password: string;
  attachmentUrl: string;
  terms: WxrTerm[];
  /** `wp:postmeta` keys to values (`_thumbnail_id`, `_wp_attached_file`, `_wp_attachment_image_alt` …). */
  meta: Map<string, string>;
}

/** What the reader yields: the channel (once, before the first item) and each item in file order. */
export type WxrEvent = { kind: 'channel'; channel: WxrChannel } | { kind: 'item'; item: WxrItem };

/** Item children kept as text, by element name, and the field each fills. */
const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: 'title',
  link: 'link',
  pubDate: 'pubDate',
  'dc:creator': 'creator',
  guid: 'guid',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_date': 'postDate',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'postParent',
  'wp:post_type': 'postType',
  'wp:post_password': 'password',
  'wp:attachment_url': 'attachmentUrl',
};

const newItem = (line: number): WxrItem => ({
  line,
  title: '',
  link: '',
  pubDate: '',
  creator: '',
  guid: '',
  content: '',
  excerpt: '',
  postId: '',
  postDateGmt: '',
  postDate: '',
  postName: '',
  status: '',
  postParent: '',
  postType: '',
  password: '',
  attachmentUrl: '',
  terms: [],
  meta: new Map(),
});

/** The refusal for a document type declaration, wherever it appears. */
function doctypeRefused(line: number): AppError {
  return invalid(
    'EXPORT_DOCTYPE_REFUSED',
    `The export declares a document type (<!DOCTYPE>, line ${line}). Exports with a DOCTYPE or entity declarations are refused: ` +
      'external entities could read files on this machine, and nested ones can expand without limit ("billion laughs"). ' +
      'WordPress never writes one; export the site again from Tools → Export.',
  );
}

const requireModule = createRequire(import.meta.url);
/** saxes, loaded when a WordPress export is first read. */
const saxes = lazy(() => requireModule('saxes') as typeof import('saxes'));

/**
 * Reads a WordPress export (WXR) as a stream: the channel, then one item at a time, never the
 * whole file at once. A DOCTYPE is refused outright, and an entity XML does not define is an
 * error (saxes expands only the five XML entities and numeric references), so nothing is
 * fetched, read from disk or expanded without limit. Malformed XML stops with its line and column.
 */
export async function* readWxr(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<WxrEvent> {
  const parser = new (saxes().SaxesParser)({ position: true });
  const queue: WxrEvent[] = [];
  const stack: string[] = [];
  const channel: WxrChannel = { title: '', link: '', baseUrl: '', authors: new Map() };
  let channelSent = false;
  let sawRoot = false;
  let item: WxrItem | null = null;
  let author: { login: string; name: string } | null = null;
  let term: WxrTerm | null = null;
  let metaKey = '';
  let metaValue = '';
  let siteUrl = '';
  let blogUrl = '';
  /** The text of the element being kept, or null while text is not wanted (most of the file). */
  let text: string | null = null;

  const sendChannel = () => {
    if (channelSent) return;
    channel.baseUrl = siteUrl || blogUrl || channel.link;
    queue.push({ kind: 'channel', channel });
    channelSent = true;
  };

  parser.on('doctype', () => {
    throw doctypeRefused(parser.line);
  });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding))
      throw invalid('FILE_NOT_UTF8', `The export says it is in ${decl.encoding}; only UTF-8 exports can be imported.`);
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const parent = stack.at(-1);
    if (!sawRoot) {
      sawRoot = true;
      const wp = Object.entries(tag.attributes).some(([k, v]) => k.startsWith('xmlns:') && /wordpress\.org\/export\//.test(String(v)));
      if (name !== 'rss' || !wp)
        throw invalid(
          'NOT_AN_EXPORT',
          name === 'rss'
            ? 'This is an RSS feed, not a WordPress export: export the site from Tools → Export in WordPress.'
            : `This XML file is not a WordPress export (its root is <${name}>, not <rss> with WordPress's export namespace).`,
        );
    }
    stack.push(name);
    if (item) {
      const depth = stack.length - stack.lastIndexOf('item') - 1;
      if (depth === 1) {
        if (ITEM_FIELDS[name]) text = '';
        else if (name === 'category') {
          term = { domain: String(tag.attributes.domain ?? ''), nicename: String(tag.attributes.nicename ?? ''), name: '' };
          text = '';
        } else if (name === 'wp:postmeta') {
          metaKey = '';
          metaValue = '';
        }
      } else if (depth === 2 && parent === 'wp:postmeta' && (name === 'wp:meta_key' || name === 'wp:meta_value')) text = '';
      return;
    }
    if (name === 'item' && parent === 'channel') {
      sendChannel();
      item = newItem(parser.line);
      return;
    }
    if (parent === 'channel') {
      if (name === 'title' || name === 'link' || name === 'wp:base_site_url' || name === 'wp:base_blog_url') text = '';
      else if (name === 'wp:author') author = { login: '', name: '' };
    } else if (parent === 'wp:author' && author && (name === 'wp:author_login' || name === 'wp:author_display_name')) text = '';
  });
  const addText = (t: string) => {
    if (text !== null) text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const parent = stack.at(-1);
    const value = text ?? '';
    text = null;
    if (item) {
      if (name === 'item' && !stack.includes('item')) {
        queue.push({ kind: 'item', item });
        item = null;
        return;
      }
      if (parent === 'item') {
        const field = ITEM_FIELDS[name];
        if (field) (item as unknown as Record<string, string>)[field] = field === 'content' ? value : value.trim();
        else if (name === 'category' && term) {
          term.name = value.trim();
          if (term.name) item.terms.push(term);
          term = null;
        } else if (name === 'wp:postmeta' && metaKey) item.meta.set(metaKey, metaValue);
      } else if (parent === 'wp:postmeta') {
        if (name === 'wp:meta_key') metaKey = value.trim();
        else if (name === 'wp:meta_value') metaValue = value.trim();
      }
      return;
    }
    if (parent === 'channel') {
      if (name === 'title') channel.title = value.trim();
      else if (name === 'link') channel.link = value.trim();
      else if (name === 'wp:base_site_url') siteUrl = value.trim();
      else if (name === 'wp:base_blog_url') blogUrl = value.trim();
      else if (name === 'wp:author' && author) {
        if (author.login) channel.authors.set(author.login, author.name || author.login);
        author = null;
      }
    } else if (parent === 'wp:author' && author) {
      if (name === 'wp:author_login') author.login = value.trim();
      else if (name === 'wp:author_display_name') author.name = value.trim();
    }
  });

  /** Feeds saxes, turning its errors (Error with "line:column: message") into our refusal. */
  const feed = (write: () => void) => {
    try {
      write();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const at = /^(\d+):(\d+): (.*)$/s.exec(message);
      const what = at ? at[3]!.replace(/\.$/, '') : message;
      const hint = /undefined entity/.test(what)
        ? ' (an entity XML does not define, such as &nbsp; outside CDATA; entities are never expanded)'
        : '';
      throw invalid(
        'EXPORT_MALFORMED',
        `The export is not well-formed XML${at ? ` at line ${at[1]}, column ${at[2]}` : ''}: ${what}${hint}. Nothing after that point can be read; export the site again.`,
      );
    }
  };

  const chunks = firstCharacterChecked(utf8Text(bytes), (first) => {
    if (first === '{' || first === '[')
      throw invalid('NOT_AN_EXPORT', 'This file is JSON, not a WordPress export (XML). For a Ghost export, use despatch import-ghost.');
  });
  for await (const chunk of chunks) {
    feed(() => parser.write(chunk));
    yield* queue.splice(0);
  }
  if (!sawRoot) throw invalid('NOT_AN_EXPORT', 'The file is empty or holds no XML: it is not a WordPress export.');
  feed(() => parser.close());
  sendChannel();
  yield* queue.splice(0);
}
