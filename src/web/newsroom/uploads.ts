import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** A file part as @fastify/multipart attaches it to the body. */
export interface FilePart {
  type: 'file';
  filename: string;
  file: { truncated: boolean };
  toBuffer(): Promise<Buffer>;
}
/** A plain field part. */
interface FieldPart {
  type: 'field';
  value: unknown;
}
type MultipartBody = Record<string, FilePart | FieldPart | Array<FilePart | FieldPart>>;

/**
 * Lets the routes of this context take multipart forms of up to `files` files of `fileSize`
 * bytes each. A file over the limit is marked truncated and reported by the route, rather
 * than failing the whole upload.
 */
export async function acceptUploads(
  app: FastifyInstance,
  limits: { fileSize: number; files: number; fields?: number; fieldSize?: number },
): Promise<void> {
  const fields = limits.fields ?? 10;
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: {
      fileSize: limits.fileSize + 1,
      files: limits.files,
      fields,
      parts: limits.files + fields,
      ...(limits.fieldSize ? { fieldSize: limits.fieldSize } : {}),
    },
  });
}

/** The files a form posted under `name` (an empty file input posts one with no name: left out). */
export function uploadedFiles(body: unknown, name = 'files'): FilePart[] {
  const field = ((body ?? {}) as MultipartBody)[name] ?? [];
  return [field].flat().filter((p): p is FilePart => typeof p === 'object' && p !== null && p.type === 'file' && p.filename !== '');
}

/**
 * A multipart body as a plain form reads: each field's value (repeated fields as a list),
 * file parts left as they are for `uploadedFiles`. The same handler then serves a form with
 * a file input and the same form posted without one.
 */
export function plainFields(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, part] of Object.entries((body ?? {}) as MultipartBody)) {
    const unwrap = (p: FilePart | FieldPart) => (p.type === 'field' ? p.value : p);
    out[key] = Array.isArray(part) ? part.map(unwrap) : unwrap(part);
  }
  return out;
}

/** A plain field's value from a multipart form, or undefined. */
export function uploadedField(body: unknown, name: string): unknown {
  const field = ((body ?? {}) as MultipartBody)[name];
  return !Array.isArray(field) && field?.type === 'field' ? field.value : undefined;
}
