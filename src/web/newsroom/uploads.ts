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
export async function acceptUploads(app: FastifyInstance, limits: { fileSize: number; files: number }): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileSize + 1, files: limits.files, fields: 10, parts: limits.files + 10 },
  });
}

/** The files a form posted under "files" (an empty file input posts one with no name: left out). */
export function uploadedFiles(body: unknown): FilePart[] {
  const field = ((body ?? {}) as MultipartBody).files ?? [];
  return [field].flat().filter((p): p is FilePart => p.type === 'file' && p.filename !== '');
}

/** A plain field's value from a multipart form, or undefined. */
export function uploadedField(body: unknown, name: string): unknown {
  const field = ((body ?? {}) as MultipartBody)[name];
  return !Array.isArray(field) && field?.type === 'field' ? field.value : undefined;
}
