export { createApiKeyService } from './api-key.service.js';
export type { ApiKey, ApiKeyService } from './api-key.service.js';
export type { ApiKeyKind } from './api-keys.table.js';
