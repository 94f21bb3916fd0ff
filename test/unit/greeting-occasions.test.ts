import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LUNAR_YEARS, birthdayDate, birthdaysOn, holidayDate, holidaysOn, isLeapYear, nextOccurrence } from '../../cloudfunctions/core/greetings/occasions';
import { renderText, DEFAULT_TEXTS } from '../../cloudfunctions/core/greetings/texts';
import { GreetingText } from '../../types/greetings';

describe('holiday dates from chinese-days', () => {
  const cases: Array<[year: number, holiday: Parameters<typeof holidayDate>[0], date: string]> = [
    [2026, 'newYear', '2026-01-01'],
    [2026, 'springFestival', '2026-02-17'],
    [2026, 'lantern', '2026-03-03'],
    [2026, 'dragonBoat', '2026-06-19'],
    [2026, 'midAutumn', '2026-09-25'],
    [2026, 'nationalDay', '2026-10-01'],
    [2027, 'newYear', '2027-01-01'],
    [2027, 'springFestival', '2027-02-06'],
    [2027, 'lantern', '2027-02-20'],
    [2027, 'dragonBoat', '2027-06-09'],
    [2027, 'midAutumn', '2027-09-15'],
    [2027, 'nationalDay', '2027-10-01'],
  ];
  for (const [year, holiday, date] of cases) {
    it(`${holiday} ${year} falls on ${date}`, () => assert.equal(holidayDate(holiday, year), date));
  }

  it('names the holidays of a day, and none on an ordinary day', () => {
    assert.deepEqual(holidaysOn('2026-02-17'), ['springFestival']);
    assert.deepEqual(holidaysOn('2026-09-25'), ['midAutumn']);
    assert.deepEqual(holidaysOn('2027-02-06'), ['springFestival']);
    assert.deepEqual(holidaysOn('2026-02-16'), []);
    assert.deepEqual(holidaysOn('2026-11-24'), []);
  });

  it('knows lunar holidays only inside the package table and says so (null) outside', () => {
    assert.equal(holidayDate('springFestival', LUNAR_YEARS.to + 1), null);
    assert.equal(holidayDate('springFestival', LUNAR_YEARS.from - 1), null);
    assert.equal(holidayDate('newYear', LUNAR_YEARS.to + 1), `${LUNAR_YEARS.to + 1}-01-01`, 'solar holidays need no table');
    assert.match(holidayDate('midAutumn', LUNAR_YEARS.to) ?? '', /^2099-/);
  });

  it('gives the next occurrence on or after today', () => {
    assert.equal(
      nextOccurrence((y) => holidayDate('springFestival', y), '2026-02-17'),
      '2026-02-17',
    );
    assert.equal(
      nextOccurrence((y) => holidayDate('springFestival', y), '2026-02-18'),
      '2027-02-06',
    );
  });
});

describe('birthdays', () => {
  it('greets a 29 February birthday on 28 February in common years, on the day in leap years', () => {
    assert.equal(isLeapYear(2027), false);
    assert.equal(isLeapYear(2028), true);
    assert.equal(isLeapYear(2100), false);
    assert.deepEqual(birthdaysOn('2027-02-28'), ['02-28', '02-29']);
    assert.deepEqual(birthdaysOn('2028-02-28'), ['02-28']);
    assert.deepEqual(birthdaysOn('2028-02-29'), ['02-29']);
    assert.deepEqual(birthdaysOn('2027-03-01'), ['03-01']);
    assert.equal(birthdayDate('02-29', 2027), '2027-02-28');
    assert.equal(birthdayDate('02-29', 2028), '2028-02-29');
    assert.equal(birthdayDate('03-15', 2026), '2026-03-15');
  });
});

describe('greeting texts', () => {
  it('fills the owner name, the community and the occasion, with a polite fallback name', () => {
    assert.equal(renderText('{name}，{community}祝您{occasion}快乐', { name: '王建国', community: '悦海和园', occasion: '中秋' }), '王建国，悦海和园祝您中秋快乐');
    assert.equal(renderText('尊敬的{name}', { name: null, community: 'x', occasion: 'y' }), '尊敬的业主');
  });

  it('accepts the defaults and refuses unknown placeholders', () => {
    for (const text of Object.values(DEFAULT_TEXTS)) assert.equal(GreetingText.safeParse(text).success, true, text);
    assert.equal(GreetingText.safeParse('{姓名}，生日快乐！').success, false);
    assert.equal(GreetingText.safeParse('{name}，生日快乐！').success, true);
  });
});
