export { createAuditService } from './audit.service.js';
export type { AuditEntry, AuditPage, AuditRecord, AuditService } from './audit.service.js';
