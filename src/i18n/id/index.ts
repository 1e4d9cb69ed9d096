// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';
import { consultations } from './consultations.ts';

export const id = {
  common,
  consultations,
};

export type Messages = typeof id;
