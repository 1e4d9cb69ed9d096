// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';
import { auth } from './auth.ts';
import { accounts } from './accounts.ts';

export const id = {
  common,
  auth,
  accounts,
};

export type Messages = typeof id;
