// The SKM on the survey engine: the ready template of a department (the Lampiran's profile, nine unsur
// with their 4-point answers, an open suggestion), its index from the answers, the rencana tindak
// lanjut per weak unsur, and what /statistics/skm publishes.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { computeSkmIndex, isRepresentative, minimumSample, type SkmIndex } from './skm-index.ts';
import { SKM_PROFILE, SKM_UNSUR, type UnsurCode } from './skm-reference.ts';
import { suppress } from './questions.ts';
import { mayPublishFollowUp } from './surveys.policy.ts';
import * as repo from './surveys.repository.ts';
import { createSurvey, type Ctx, type Outcome } from './surveys.service.ts';
import type { FollowUpStatus } from './surveys.tables.ts';

const UNSUR_CODES = new Set<string>(SKM_UNSUR.map((u) => u.code));

/** A draft SKM for a department and period ('2026-S1'), in the regulation's Indonesian wording. */
export async function createSkmSurvey(
  db: Db,
  ctx: Ctx,
  v: { departmentId: number; departmentName: string; period: string; population: number | null },
): Promise<Outcome<number>> {
  const created = await createSurvey(
    db,
    ctx,
    {
      departmentId: v.departmentId,
      kind: 'skm',
      audience: 'public',
      period: v.period,
      population: v.population,
      title: `Survei Kepuasan Masyarakat ${v.departmentName} ${v.period}`,
      intro:
        'Survei Kepuasan Masyarakat (PermenPANRB No. 14 Tahun 2017). Jawaban Anda tidak disimpan bersama nama, akun, atau alamat Anda.',
    },
    false,
  );
  if (!created.ok) return created;
  const id = created.value;
  await db.transaction().execute(async (trx) => {
    const profile = await repo.insertSection(trx, id, 1, 'Profil responden', '');
    const opinion = await repo.insertSection(trx, id, 2, 'Pendapat responden tentang pelayanan', '');
    const suggestion = await repo.insertSection(trx, id, 3, 'Saran dan masukan', '');
    let p = 0;
    const add = (sectionId: number, q: Omit<repo.NewQuestion, 'sectionId' | 'position'>) =>
      repo.insertQuestion(trx, id, { ...q, sectionId, position: ++p });
    await add(profile, {
      kind: 'single',
      label: 'Jenis kelamin',
      required: true,
      options: [...SKM_PROFILE.jenisKelamin.id],
      code: 'jenis_kelamin',
    });
    await add(profile, { kind: 'number', label: 'Usia (tahun)', required: true, code: 'usia' });
    await add(profile, { kind: 'single', label: 'Pendidikan', required: true, options: [...SKM_PROFILE.pendidikan], code: 'pendidikan' });
    await add(profile, { kind: 'single', label: 'Pekerjaan', required: true, options: [...SKM_PROFILE.pekerjaan.id], code: 'pekerjaan' });
    await add(profile, { kind: 'short_text', label: 'Jenis layanan yang diterima', required: true, code: 'jenis_layanan' });
    for (const u of SKM_UNSUR)
      await add(opinion, {
        kind: 'single',
        label: u.question.id,
        help: u.name.id,
        required: true,
        options: [...u.answers.id],
        code: u.code,
      });
    await add(suggestion, { kind: 'long_text', label: 'Saran dan masukan untuk perbaikan pelayanan', required: false, code: 'saran' });
  });
  return created;
}

export interface SkmResult {
  survey: repo.SurveyRow;
  index: SkmIndex;
  minimum: number | null;
  representative: boolean | null;
  /** False under MIN_CELL responses: nothing but n is shown. */
  shown: boolean;
}

/** The index of one SKM survey from its answers: nilai persepsi = position of the answer among the four (1..4). */
export async function skmResult(db: Db, survey: repo.SurveyRow): Promise<SkmResult> {
  const questions = (await repo.listQuestions(db, survey.id)).filter((q) => q.code !== null && UNSUR_CODES.has(q.code));
  const byQuestion = new Map(questions.map((q) => [q.id, q]));
  const responses = new Map<number, Partial<Record<UnsurCode, number>>>();
  for (const a of await repo.listAnswers(db, survey.id)) {
    const q = byQuestion.get(a.question_id);
    const r = responses.get(a.response_id) ?? {};
    if (q) {
      const v = q.options.indexOf(a.value) + 1;
      if (v >= 1 && v <= 4) r[q.code as UnsurCode] = v;
    }
    responses.set(a.response_id, r);
  }
  const n = await repo.countResponses(db, survey.id);
  const list = [...responses.values()];
  // Responses that answered no unsur still count as respondents.
  while (list.length < n) list.push({});
  const index = computeSkmIndex(list);
  const minimum = survey.population === null ? null : minimumSample(survey.population);
  return { survey, index, minimum, representative: isRepresentative(index.n, survey.population), shown: suppress(index.n) !== null };
}

export interface FollowUp {
  id: number;
  survey_id: number;
  unsur: string;
  action: string;
  target_date: string | null;
  status: FollowUpStatus;
  published: boolean;
  version: number;
}

export async function listFollowUps(db: Db, surveyId: number, publishedOnly: boolean): Promise<FollowUp[]> {
  let q = db.selectFrom('skm_follow_ups').selectAll().where('survey_id', '=', surveyId).orderBy('unsur').orderBy('id');
  if (publishedOnly) q = q.where('published', '=', 1);
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    survey_id: Number(r.survey_id),
    unsur: r.unsur,
    action: r.action,
    target_date: r.target_date,
    status: r.status,
    published: Number(r.published) === 1,
    version: Number(r.version),
  }));
}

export interface FollowUpInput {
  unsur: UnsurCode;
  action: string;
  targetDate: string | null;
  status: FollowUpStatus;
  published: boolean;
}

/** Adds (id null) or changes (compare-and-set on its version) a rencana tindak lanjut item. */
export async function saveFollowUp(
  db: Db,
  ctx: Ctx,
  surveyId: number,
  item: { id: number; version: number } | null,
  v: FollowUpInput,
): Promise<Outcome<number>> {
  return db.transaction().execute(async (trx) => {
    const s = await repo.lockSurvey(trx, surveyId);
    if (!s || !mayPublishFollowUp(ctx.actor, s)) return { ok: false as const, error: 'not_found' as const };
    const now = ctx.now.getTime();
    const values = {
      unsur: v.unsur,
      action: v.action,
      target_date: v.targetDate,
      status: v.status,
      published: v.published ? (1 as const) : (0 as const),
      updated_at: now,
    };
    let id: number;
    if (item === null) {
      id = Number(
        (
          await trx
            .insertInto('skm_follow_ups')
            .values({ survey_id: surveyId, ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    } else {
      const r = await trx
        .updateTable('skm_follow_ups')
        .set({ ...values, version: item.version + 1 })
        .where('id', '=', item.id)
        .where('survey_id', '=', surveyId)
        .where('version', '=', item.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return { ok: false as const, error: 'stale' as const };
      id = item.id;
    }
    await appendAudit(trx, {
      actor: { id: ctx.actor.id, role: ctx.actor.role },
      requestId: ctx.requestId ?? null,
      at: ctx.now,
      action: 'skm.follow_up_saved',
      objectType: 'survey',
      objectId: surveyId,
      details: { item: id, unsur: v.unsur, status: v.status, published: v.published },
    });
    return { ok: true as const, value: id };
  });
}

export interface PublicSkmPeriod extends SkmResult {
  followUps: FollowUp[];
}
export interface PublicSkmDepartment {
  departmentId: number;
  code: string;
  name: string;
  periods: PublicSkmPeriod[];
}

/** What /statistics/skm publishes: every department's SKM surveys that were opened, by period (oldest first). */
export async function publicSkm(db: Db): Promise<PublicSkmDepartment[]> {
  const surveys = (await repo.listSurveys(db, {}, 'skm')).filter((s) => s.state !== 'draft' && s.department_id !== null);
  const out = new Map<number, PublicSkmDepartment>();
  for (const s of surveys.sort((a, b) => (a.period ?? '').localeCompare(b.period ?? '') || a.id - b.id)) {
    const d = out.get(s.department_id!) ?? {
      departmentId: s.department_id!,
      code: s.department_code ?? '',
      name: s.department_name ?? '',
      periods: [],
    };
    d.periods.push({ ...(await skmResult(db, s)), followUps: await listFollowUps(db, s.id, true) });
    out.set(s.department_id!, d);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Each department's latest SKM for a period [start, end] (YYYY-MM-DD, inclusive): the SKM (not a draft)
 * that opened last on or before `end` and no earlier than a year before `start` (the regulation asks
 * for one at least once a year, so an older one is no evidence for the period). Whether it counts is
 * the caller's: only a result that reaches its minimum sample and is shown (skmCounts).
 */
export async function latestSkm(
  db: Db,
  departmentIds: number[] | undefined,
  period: { start: string; end: string },
): Promise<Map<number, SkmResult>> {
  const yearBefore = `${Number(period.start.slice(0, 4)) - 1}${period.start.slice(4)}`;
  const candidates = (await repo.listSurveys(db, departmentIds ? { departmentIds } : {}, 'skm'))
    .filter(
      (s) => s.state !== 'draft' && s.department_id !== null && s.opens_on !== null && s.opens_on <= period.end && s.opens_on >= yearBefore,
    )
    .sort((a, b) => b.opens_on!.localeCompare(a.opens_on!) || (b.period ?? '').localeCompare(a.period ?? '') || b.id - a.id);
  const out = new Map<number, SkmResult>();
  for (const s of candidates) if (!out.has(s.department_id!)) out.set(s.department_id!, await skmResult(db, s));
  return out;
}

/** Whether an SKM result may be weighed or headlined: reaches its minimum sample and is not suppressed. */
export const skmCounts = (r: SkmResult): boolean => r.representative === true && r.shown && r.index.converted !== null;
