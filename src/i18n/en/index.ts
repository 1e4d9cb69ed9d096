// The English catalogue; a missing entry falls back to Bahasa Indonesia.
import type { Messages } from '../id/index.ts';
import { common } from './common.ts';
import { consultations } from './consultations.ts';

export const en: DeepPartial<Messages> = {
  common,
  consultations,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };
