// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';

export const id = {
  common,
};

export type Messages = typeof id;
