import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.ts';
import { id } from '../../src/i18n/id/index.ts';
import { interpolate, localized, pluralForm, resolveLocale, translator, type MessageKey } from '../../src/i18n/index.ts';

function leaves(obj: unknown, prefix = ''): string[] {
  // A string, or a counted message ({ one?, other }), is one entry.
  if (typeof obj === 'string' || (obj !== null && typeof obj === 'object' && 'other' in obj)) return [prefix.slice(0, -1)];
  return Object.entries(obj as object).flatMap(([k, v]) => leaves(v, `${prefix}${k}.`));
}

describe('i18n', () => {
  it('speaks Indonesian by default and English on request', () => {
    expect(resolveLocale(undefined, undefined)).toBe('id');
    expect(resolveLocale('en', undefined)).toBe('en');
    expect(resolveLocale(undefined, 'en')).toBe('en');
    expect(resolveLocale('id', 'en')).toBe('id');
    expect(resolveLocale('fr', 'xx')).toBe('id');
    expect(translator('id')('common.nav.track')).toBe('Lacak pengaduan');
    expect(translator('en')('common.nav.track')).toBe('Track a complaint');
  });

  it('falls back to Indonesian for an English gap, then to the key', () => {
    const t = translator('en');
    const missing = 'common.__missing__' as MessageKey;
    expect(t(missing)).toBe('common.__missing__');
    // A catalogue with a gap: English lacks nav.track, so the Indonesian text shows.
    const withGap = { id, en: { ...en, common: { ...en.common, nav: { ...en.common!.nav, track: undefined } } } };
    expect(translator('en', withGap)('common.nav.track')).toBe('Lacak pengaduan');
    expect(translator('en', withGap)('common.nav.home')).toBe('Home');
  });

  it('interpolates named parameters and leaves unknown ones visible', () => {
    expect(interpolate('Batas {limit} MB', { limit: 10 })).toBe('Batas 10 MB');
    expect(interpolate('Halo {name}', {})).toBe('Halo {name}');
    expect(translator('id')('common.footer.about', { region: 'Kota Palembang' })).toContain('Kota Palembang');
  });

  it('has an English text for every Indonesian one', () => {
    const missing = leaves(id).filter(
      (k) =>
        translator('en')(k as MessageKey) === translator('id')(k as MessageKey) &&
        !/^common\.home\.title$|^channels\.name\.(whatsapp|email|lapor)$/.test(k),
    );
    // Identical strings are allowed only where the word is the same in both languages (the product name;
    // the channels WhatsApp, Email and SP4N-LAPOR!).
    expect(missing).toEqual([]);
  });

  it('counts in English without "1 endorsements", and in Indonesian without plural forms', () => {
    const en = translator('en');
    const id = translator('id');
    expect(en('consultations.endorsements', { n: 1 })).toBe('1 endorsement');
    expect(en('consultations.endorsements', { n: 0 })).toBe('0 endorsements');
    expect(en('consultations.endorsements', { n: 2 })).toBe('2 endorsements');
    expect(en('consultations.contributionCount', { n: 1 })).toBe('1 contribution');
    expect(en('complaints.list.count', { count: 1 })).toBe('1 complaint');
    expect(en('complaints.new.errorSummary', { count: 1 })).toBe('1 field needs correcting');
    expect(en('workflow.staff.times', { n: 1 })).toBe('once');
    expect(en('auth.errors.throttled', { minutes: 1 })).toBe('Too many attempts. To protect the account, try again in 1 minute.');
    expect(en('auth.errors.throttled', { minutes: 15 })).toBe('Too many attempts. To protect the account, try again in 15 minutes.');
    expect(id('consultations.endorsements', { n: 1 })).toBe('1 dukungan');
    expect(id('consultations.endorsements', { n: 5 })).toBe('5 dukungan');
    // A count that is not a number still reads as a sentence.
    expect(pluralForm('en', { one: '{n} thing', other: '{n} things' }, Number.NaN)).toBe('{n} things');
  });

  it('has no English count that reads "1 <plural>" for a counted message', () => {
    // Every {n}/{count} message followed by an English plural noun must offer a `one` form.
    // The reset email's {minutes} is the link's fixed lifetime (30), never 1.
    const fixedCounts = new Set(['auth.reset.emailBody']);
    const slips = leaves(en)
      .filter((k) => !fixedCounts.has(k))
      .filter((k) => {
        const text = translator('en')(k as MessageKey, { n: 1, count: 1, minutes: 1, seconds: 1, days: 1 });
        return /^1 [a-z]+s\b/.test(text) || /\b1 (minutes|seconds|days|hours)\b/.test(text);
      });
    expect(slips).toEqual([]);
  });

  it('picks the bilingual column of a row', () => {
    const row = { name_id: 'Sampah', name_en: 'Rubbish' };
    expect(localized(row, 'name', 'en')).toBe('Rubbish');
    expect(localized(row, 'name', 'id')).toBe('Sampah');
    expect(localized({ name_id: 'Sampah' }, 'name', 'en')).toBe('Sampah');
  });
});
