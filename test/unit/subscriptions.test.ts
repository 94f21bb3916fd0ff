import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { subscriptionTemplates } from '../../config/subscriptions';
import { TemplateKey } from '../../types/notify';
import { templateData } from '../../cloudfunctions/core/notify';
import { fitValue, typeOfKey, valueProblem } from '../../cloudfunctions/core/notify/values';
import { bindingStateLabels } from '../../types/labels';

// The longest realistic value for each semantic field name used by the templates.
const samples: Record<string, string | number | Date> = {
  no: 'BX20261124-0007',
  state: '已到场',
  note: '厨房水管漏水已更换软管，请您确认维修效果是否满意，如有问题随时联系管家',
  at: new Date('2026-11-24T01:05:00Z'),
  subject: '投诉处理：楼道照明长期不亮影响夜间出行',
  tip: '请为本次服务打分，您的评价是我们改进的动力',
  item: '更换、安装开关、插座（不提供材料）',
  amount: 15050,
  unit: '悦海和园 3-2-1201',
  result: '已通过',
  window: '11月24日 09:00-12:00',
  question: '小区附近的暖气开通时间和缴费电话是多少？',
  answer: '本市供暖期为11月15日至次年3月15日，缴费电话 96300',
  occasion: '中秋节',
  message: '王建国业主，中秋快乐，阖家团圆！悦海和园物业服务中心敬上',
  due: new Date('2026-11-24T02:00:00Z'),
  title: '关于12月5日小区二次供水水箱清洗临时停水的通知',
  from: '悦海和园物业服务中心',
};

describe('subscription templates as WeChat will check them', () => {
  it('maps every template the product uses', () => {
    assert.deepEqual(Object.keys(subscriptionTemplates).sort(), [...TemplateKey.options].sort());
  });

  for (const key of TemplateKey.options) {
    it(`${key}: every keyword key is a WeChat type and every value fits its rule`, () => {
      const template = subscriptionTemplates[key];
      assert.ok(template.id.length > 0);
      const keys = Object.values(template.fields);
      assert.equal(new Set(keys).size, keys.length, 'a keyword is mapped twice');
      const values = Object.fromEntries(Object.keys(template.fields).map((field) => [field, samples[field]]));
      for (const [field, value] of Object.entries(values)) assert.ok(value !== undefined, `no sample for ${field}`);
      const data = templateData(key, values);
      for (const [wechatKey, { value }] of Object.entries(data)) {
        assert.equal(valueProblem(typeOfKey(wechatKey), value), null, `${key}.${wechatKey} = "${value}"`);
      }
    });
  }
});

describe('fitting values to keyword rules', () => {
  it('cuts a thing to 20 characters, counting Chinese characters as one', () => {
    const fitted = fitValue('thing', '一二三四五六七八九十一二三四五六七八九十一二三');
    assert.equal(Array.from(fitted).length, 20);
    assert.ok(fitted.endsWith('…'));
  });
  it('writes time in Asia/Shanghai whatever the process time zone', () => {
    assert.equal(fitValue('time', new Date('2026-11-24T16:30:00Z')), '2026年11月25日 00:30');
  });
  it('writes integer fen as yuan', () => {
    assert.equal(fitValue('amount', 50), '¥0.50');
  });
  it('refuses a phrase that is not five Chinese characters or fewer', () => {
    assert.notEqual(valueProblem('phrase', 'approved'), null);
    assert.notEqual(valueProblem('phrase', '已经审核通过了'), null);
    assert.equal(valueProblem('phrase', '已通过'), null);
  });
  it('keeps state labels usable as phrases', () => {
    for (const label of Object.values(bindingStateLabels)) assert.equal(valueProblem('phrase', label), null, label);
  });
  it('rejects a key that is not a WeChat keyword type', () => {
    assert.throws(() => typeOfKey('title1'));
  });
});
