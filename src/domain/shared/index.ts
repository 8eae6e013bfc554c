export { insertOrSelectByNameKey, uniqueSlug } from './slug.repository.js';
export { addRedirect, findRedirect } from './redirect.repository.js';
export { articlePath, authorPath, sectionPath, seriesPath, topicPath } from './paths.js';
export { clearThrottle, countFailure, findThrottle } from './throttle.repository.js';
export { createRateCounter, type RateCounter } from './rate-counter.js';
