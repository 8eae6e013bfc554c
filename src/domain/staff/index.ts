export { createStaffService } from './staff.service.js';
export type { RequestMeta, SignedIn, StaffService, StaffSession, StaffTimings, StaffUser } from './staff.service.js';
export { MIN_PASSWORD_LENGTH } from './passwords.js';
export { emailKey } from './staff.schemas.js';
