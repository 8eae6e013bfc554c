export { createStaffService } from './staff.service.js';
export type {
  LinkDelivery,
  RequestMeta,
  SecondFactorNeeded,
  SignedIn,
  StaffService,
  StaffSession,
  StaffTimings,
  StaffUser,
  TwoFactorSetup,
} from './staff.service.js';
export { MIN_PASSWORD_LENGTH } from './passwords.js';
export { emailKey } from './staff.schemas.js';
