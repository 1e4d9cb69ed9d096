// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';
import { privacy } from './privacy.ts';

export const id = {
  common,
  privacy,
};

export type Messages = typeof id;
