import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A media folder for a booted test process that never stores a picture: the media store
 * makes its folders only on the first write, so nothing is created on disk.
 */
export const unusedMediaDir = (): string => join(tmpdir(), `despatch-unused-media-${process.pid}-${randomBytes(4).toString('hex')}`);
