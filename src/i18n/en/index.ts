// The English catalogue; a missing entry falls back to Bahasa Indonesia.
import type { Messages } from '../id/index.ts';
import { common } from './common.ts';
import { complaints } from './complaints.ts';
import { privacy } from './privacy.ts';
import { workflow } from './workflow.ts';
import { refadmin } from './refadmin.ts';
import { reports } from './reports.ts';

export const en: DeepPartial<Messages> = {
  common,
  complaints,
  privacy,
  workflow,
  refadmin,
  reports,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };
