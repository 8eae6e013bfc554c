import { createRequire } from 'node:module';
import { lazy } from '../../kernel/lazy.js';

const requireModule = createRequire(import.meta.url);
/**
 * sharp (libvips) is loaded when a picture is first handled: the reader site never needs it.
 * libvips's operation cache is off: each upload is decoded once, and the cache would keep
 * tens of megabytes of a server's memory after the work is done.
 */
export const sharp = lazy(() => {
  const library = requireModule('sharp') as typeof import('sharp').default;
  library.cache(false);
  return library;
});
