import { randomUUID } from 'node:crypto';

/** App-made primary keys: random, so neither database has to hand them out. */
export const newId = (): string => randomUUID();
