import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chineseDate, shanghaiDate, shanghaiParts, toShanghaiIso } from '../../cloudfunctions/core/time';
import { IsoTime } from '../../types/common';

describe('Asia/Shanghai time with the process in UTC', () => {
  it('runs these tests in UTC, as cloud functions do', () => {
    assert.equal(new Date('2026-01-01T00:00:00Z').getHours(), 0);
  });
  it('writes ISO times with the +08:00 offset', () => {
    assert.equal(toShanghaiIso(new Date('2026-11-24T01:00:00Z')), '2026-11-24T09:00:00.000+08:00');
  });
  it("shows a stored time outside the contract's range at the nearest bound, so no reply breaks its schema", () => {
    assert.equal(toShanghaiIso(new Date('9999-12-31T23:59:59Z')), '2100-12-31T23:59:59.999+08:00');
    assert.equal(toShanghaiIso(new Date('0000-01-01T00:00:00+23:59')), '2000-01-01T00:00:00.000+08:00');
    assert.equal(toShanghaiIso(new Date(Number.NaN)), '2000-01-01T00:00:00.000+08:00');
    assert.equal(IsoTime.safeParse(toShanghaiIso(new Date(8.64e15))).success, true);
  });

  it('puts 16:30 UTC on the next Shanghai day', () => {
    assert.equal(shanghaiDate(new Date('2026-12-31T16:30:00Z')), '2027-01-01');
    assert.equal(chineseDate(new Date('2026-12-31T16:30:00Z')), '2027年1月1日');
  });
  it('gives the Shanghai weekday', () => {
    // 2026-11-28 is a Saturday in Shanghai; at 17:00 UTC on the 27th it is already Saturday there
    assert.equal(shanghaiParts(new Date('2026-11-27T17:00:00Z')).weekday, 6);
  });
});
