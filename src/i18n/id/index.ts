// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';
import { complaints } from './complaints.ts';
import { privacy } from './privacy.ts';
import { workflow } from './workflow.ts';
import { refadmin } from './refadmin.ts';
import { reports } from './reports.ts';

export const id = {
  common,
  complaints,
  privacy,
  workflow,
  refadmin,
  reports,
};

export type Messages = typeof id;
