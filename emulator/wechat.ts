// WeChat's side of `wx.openApi` and `wx.wxPayApi`: the requests arrive as multipart forms
// (fields action, apiName, requestData), openApi's requestData as protobuf. Subscription
// messages go to an outbox, cloud-pay calls to a payments log; tests can queue refusals.

import { randomBytes } from 'node:crypto';
import protobuf from 'protobufjs';
import type { CallContext } from './runner';

const PROTO = `
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData { repeated KeyValuePair pairs = 1; }
message CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }
`;
const root = protobuf.parse(PROTO).root;
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface OutboxMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
  msgid: number;
  /** The emulator's clock when it was sent. */
  sentAt: string;
  /** The function that sent it, when known. */
  from: string | null;
}

export interface PaymentRecord {
  api: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  at: string;
  /** The function and caller that made the call (the payer, for a unified order). */
  from: string | null;
  openid: string | null;
}

export interface QueuedFailure {
  api: string;
  errcode: number;
  errmsg?: string;
  /** Only refuse messages to this user. */
  touser?: string;
  /** How many calls to refuse (default 1). */
  times?: number;
}

export interface WeChatReply {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Splits a multipart/form-data body into its parts, keeping each part's bytes untouched. */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const parts = new Map<string, Buffer>();
  if (!match) return parts;
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  let start = body.indexOf(boundary);
  while (start >= 0) {
    const headerStart = start + boundary.length + 2; // skip CRLF
    const next = body.indexOf(boundary, headerStart);
    if (next < 0) break;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0 || headerEnd > next) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    // The part's content ends with the CRLF that precedes the next boundary.
    if (name !== undefined) parts.set(name, body.subarray(headerEnd + 4, next - 2));
    start = next;
  }
  return parts;
}

/** A phone-number code the mini-program's getPhoneNumber button would have given. */
interface PhoneCode {
  openid: string;
  phone: string;
  issuedAt: number;
  used: boolean;
}

/** WeChat: "每个 code 只能使用一次，code 的有效期为 5min". */
const PHONE_CODE_TTL_MS = 5 * 60 * 1000;
/** What WeChat answers a function whose config.json does not list the API it calls. */
export const ERR_NO_PERMISSION = -604101;
/** What WeChat answers for a code it did not issue, has expired or was used (invalid code). */
export const ERR_INVALID_CODE = 40029;

export class WeChat {
  readonly outbox: OutboxMessage[] = [];
  readonly payments: PaymentRecord[] = [];
  private readonly failures: QueuedFailure[] = [];
  private msgid = 1_000_000;
  /** The phone number each person's WeChat account holds (seeded from $devPeople, set by tests). */
  private readonly phones = new Map<string, string>();
  private readonly phoneCodes = new Map<string, PhoneCode>();

  constructor(private readonly now: () => Date) {}

  /** Gives `openid`'s WeChat account a phone number (what its getPhoneNumber button would share). */
  setPhone(openid: string, phone: string): void {
    this.phones.set(openid, phone);
  }

  phoneOf(openid: string): string | null {
    return this.phones.get(openid) ?? null;
  }

  /**
   * What the getPhoneNumber button gives the mini-program once the person agrees: a one-time code
   * for their WeChat phone number. Null when the local cloud knows no phone for them.
   */
  issuePhoneCode(openid: string): { code: string; phone: string } | null {
    const phone = this.phones.get(openid);
    if (!phone) return null;
    const code = randomBytes(32).toString('hex');
    this.phoneCodes.set(code, { openid, phone, issuedAt: this.now().getTime(), used: false });
    return { code, phone };
  }

  /** `phonenumber.getPhoneNumber`: a code for the phone it stands for, once, within 5 minutes. */
  private getPhoneNumber(params: Record<string, unknown>, caller: { ctx: CallContext } | null): Record<string, unknown> {
    const failure = this.takeFailure('phonenumber.getPhoneNumber', undefined);
    if (failure) return { errcode: failure.errcode, errmsg: failure.errmsg ?? defaultErrmsg(failure.errcode) };
    const code = typeof params.code === 'string' ? params.code : '';
    const issued = this.phoneCodes.get(code);
    const now = this.now().getTime();
    if (!issued || issued.used || now - issued.issuedAt > PHONE_CODE_TTL_MS || now < issued.issuedAt) {
      return { errcode: ERR_INVALID_CODE, errmsg: 'invalid code' };
    }
    issued.used = true;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: issued.phone,
        purePhoneNumber: issued.phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(now / 1000), appid: caller?.ctx.appid ?? 'wx0000000000local' },
      },
    };
  }

  queueFailure(failure: QueuedFailure): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Takes one queued failure matching this call, if any. */
  private takeFailure(api: string, touser: string | undefined): QueuedFailure | null {
    const i = this.failures.findIndex((f) => f.api === api && (f.touser === undefined || f.touser === touser));
    if (i < 0) return null;
    const failure = this.failures[i];
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.failures.splice(i, 1);
    return failure;
  }

  /** `wx.openApi`: decodes the protobuf request, answers a protobuf CommOpenApiResp. */
  openApi(apiName: string, requestData: Buffer, caller: { name: string; ctx: CallContext } | null, allowed: string[] | null = null): WeChatReply {
    if (allowed !== null && !allowed.includes(apiName)) {
      return protoReply({ errcode: ERR_NO_PERMISSION, errmsg: `function has no permission to call this API: ${apiName} is not in config.json permissions.openapi` });
    }
    const decoded = CommApiData.toObject(CommApiData.decode(requestData), { bytes: Buffer as unknown as typeof String }) as {
      openapiData?: { pairs?: Array<{ key: string; value?: Uint8Array }> };
    };
    const params: Record<string, unknown> = {};
    for (const pair of decoded.openapiData?.pairs ?? []) {
      const text = Buffer.from(pair.value ?? new Uint8Array()).toString('utf8');
      try {
        params[pair.key] = JSON.parse(text);
      } catch {
        params[pair.key] = text;
      }
    }
    let answer: Record<string, unknown>;
    if (apiName === 'subscribeMessage.send') {
      answer = this.subscribeMessageSend(params, caller);
    } else if (apiName === 'phonenumber.getPhoneNumber') {
      answer = this.getPhoneNumber(params, caller);
    } else {
      const failure = this.takeFailure(apiName, undefined);
      answer = failure ? { errcode: failure.errcode, errmsg: failure.errmsg ?? 'refused by the local cloud' } : { errcode: 0, errmsg: 'ok' };
    }
    return protoReply(answer);
  }

  private subscribeMessageSend(params: Record<string, unknown>, caller: { name: string } | null): Record<string, unknown> {
    const touser = typeof params.touser === 'string' ? params.touser : '';
    const templateId = typeof params.template_id === 'string' ? params.template_id : '';
    if (!touser) return { errcode: 40003, errmsg: 'invalid openid' };
    if (!templateId) return { errcode: 40037, errmsg: 'invalid template_id' };
    const failure = this.takeFailure('subscribeMessage.send', touser);
    if (failure) return { errcode: failure.errcode, errmsg: failure.errmsg ?? defaultErrmsg(failure.errcode) };
    const msgid = ++this.msgid;
    const message: OutboxMessage = {
      touser,
      template_id: templateId,
      data: (params.data ?? {}) as OutboxMessage['data'],
      msgid,
      sentAt: this.now().toISOString(),
      from: caller?.name ?? null,
    };
    if (typeof params.page === 'string') message.page = params.page;
    if (typeof params.miniprogram_state === 'string') message.miniprogram_state = params.miniprogram_state;
    if (typeof params.lang === 'string') message.lang = params.lang;
    this.outbox.push(message);
    return { errcode: 0, errmsg: 'ok', msgid };
  }

  /** `wx.wxPayApi`: JSON in, JSON out (the SDK camel-cases the reply). */
  payApi(apiName: string, requestData: Buffer, caller: { name: string; ctx: CallContext } | null): WeChatReply {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(requestData.toString('utf8')) as Record<string, unknown>;
    } catch {
      return tcbError('INVALID_PARAM', 'requestData is not JSON');
    }
    // The SDK sends the path under cloudPay (unifiedOrder); accept the prefixed form too.
    const api = apiName.replace(/^cloudPay\./, '');
    const now = this.now();
    const failure = this.takeFailure(`cloudPay.${api}`, undefined) ?? this.takeFailure(api, undefined);
    const nonce = randomBytes(16).toString('hex');
    const base = {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: caller?.ctx.appid ?? 'wx0000000000local',
      mch_id: '1800000000',
      sub_mch_id: String(request.sub_mch_id ?? ''),
      nonce_str: nonce,
      sign: randomBytes(16).toString('hex').toUpperCase(),
    };
    let response: Record<string, unknown>;
    if (failure) {
      response = { ...base, result_code: 'FAIL', err_code: String(failure.errcode), err_code_des: failure.errmsg ?? 'refused by the local cloud' };
    } else if (api === 'unifiedOrder') {
      const prepayId = `wx${now.getTime()}${randomBytes(8).toString('hex')}`;
      const timeStamp = String(Math.floor(now.getTime() / 1000));
      response = {
        ...base,
        result_code: 'SUCCESS',
        trade_type: String(request.trade_type ?? 'JSAPI'),
        prepay_id: prepayId,
        // What wx.requestPayment takes; WeChat signs it, we only make it look the part.
        payment: {
          appId: base.appid,
          timeStamp,
          nonceStr: nonce,
          package: `prepay_id=${prepayId}`,
          signType: 'MD5',
          paySign: randomBytes(16).toString('hex').toUpperCase(),
        },
      };
    } else if (api === 'refund') {
      response = {
        ...base,
        result_code: 'SUCCESS',
        transaction_id: this.transactionIdOf(String(request.out_trade_no ?? '')),
        out_trade_no: request.out_trade_no,
        out_refund_no: request.out_refund_no,
        refund_id: `50000${now.getTime()}`,
        refund_fee: request.refund_fee,
        total_fee: request.total_fee,
        cash_fee: request.total_fee,
      };
    } else if (api === 'queryOrder') {
      const order = this.unifiedOrder(String(request.out_trade_no ?? ''));
      response = order
        ? {
            ...base,
            result_code: 'SUCCESS',
            trade_state: this.paid.has(String(request.out_trade_no)) ? 'SUCCESS' : 'NOTPAY',
            out_trade_no: request.out_trade_no,
            total_fee: order.request.total_fee,
            transaction_id: this.transactionIdOf(String(request.out_trade_no)),
          }
        : { ...base, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' };
    } else {
      response = { ...base, result_code: 'SUCCESS' };
    }
    this.payments.push({
      api,
      request,
      response,
      at: now.toISOString(),
      from: caller?.name ?? null,
      openid: caller?.ctx.openid ?? null,
    });
    return jsonReply(response);
  }

  /** Hooks run after a cloud-pay call is recorded and before it is answered (see onPayApi). */
  private readonly payHooks: Array<(record: PaymentRecord) => Promise<void> | void> = [];

  /**
   * Runs `hook` after each cloud-pay call is recorded, before the calling function gets the reply:
   * a test can deliver a callback that beats the function's own reply, as WeChat may. Returns a
   * function that removes the hook.
   */
  onPayApi(hook: (record: PaymentRecord) => Promise<void> | void): () => void {
    this.payHooks.push(hook);
    return () => {
      const i = this.payHooks.indexOf(hook);
      if (i >= 0) this.payHooks.splice(i, 1);
    };
  }

  /** Awaits the hooks for the last recorded call (the admin endpoint calls this before replying). */
  async afterPayApi(): Promise<void> {
    const record = this.payments[this.payments.length - 1];
    if (!record) return;
    for (const hook of [...this.payHooks]) await hook(record);
  }

  /** The last accepted refund with this out_refund_no. */
  refundOf(outRefundNo: string): PaymentRecord | null {
    for (let i = this.payments.length - 1; i >= 0; i--) {
      const p = this.payments[i];
      if (p.api === 'refund' && p.request.out_refund_no === outRefundNo && p.response.result_code === 'SUCCESS') return p;
    }
    return null;
  }

  /**
   * The refund result WeChat Pay sends to the refund's function (decrypted, camelCase, as cloud
   * pay delivers it). `status` SUCCESS, CHANGE (refund failed, needs a person) or REFUNDCLOSE.
   */
  refundCallback(refund: PaymentRecord, status = 'SUCCESS'): Record<string, unknown> {
    const now = this.now();
    const shanghai = new Date(now.getTime() + 8 * 3600_000).toISOString();
    return {
      returnCode: 'SUCCESS',
      appid: refund.response.appid,
      mchId: refund.response.mch_id,
      subMchId: refund.request.sub_mch_id ?? '',
      nonceStr: randomBytes(16).toString('hex'),
      transactionId: refund.response.transaction_id,
      outTradeNo: refund.request.out_trade_no,
      refundId: refund.response.refund_id,
      outRefundNo: refund.request.out_refund_no,
      totalFee: refund.request.total_fee,
      settlementTotalFee: refund.request.total_fee,
      refundFee: refund.request.refund_fee,
      settlementRefundFee: refund.request.refund_fee,
      refundStatus: status,
      successTime: `${shanghai.slice(0, 10)} ${shanghai.slice(11, 19)}`,
      refundRecvAccout: '支付用户零钱',
      refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
      refundRequestSource: 'API',
    };
  }

  /** Orders whose payment callback was delivered at least once. */
  readonly paid = new Set<string>();

  unifiedOrder(outTradeNo: string): PaymentRecord | null {
    for (let i = this.payments.length - 1; i >= 0; i--) {
      const p = this.payments[i];
      if (p.api === 'unifiedOrder' && p.request.out_trade_no === outTradeNo && p.response.result_code === 'SUCCESS') return p;
    }
    return null;
  }

  transactionIdOf(outTradeNo: string): string {
    // Stable per order, so repeated callbacks carry the same transaction id, as WeChat's do.
    let hash = 0;
    for (const ch of outTradeNo) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return `4200000000${String(hash).padStart(10, '0')}`;
  }

  /** The success callback WeChat Pay sends to the order's function (the SDK's camelCase form). */
  paymentCallback(order: PaymentRecord, overrides: { totalFee?: number } = {}): Record<string, unknown> {
    const now = this.now();
    const shanghai = new Date(now.getTime() + 8 * 3600_000).toISOString();
    const timeEnd = shanghai.slice(0, 19).replace(/[-T:]/g, '');
    const outTradeNo = String(order.request.out_trade_no);
    this.paid.add(outTradeNo);
    return {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: order.response.appid,
      mchId: order.response.mch_id,
      subMchId: order.request.sub_mch_id ?? '',
      subAppid: order.response.appid,
      openid: order.openid ?? '',
      subOpenid: order.openid ?? '',
      isSubscribe: 'N',
      subIsSubscribe: 'N',
      tradeType: order.request.trade_type ?? 'JSAPI',
      bankType: 'OTHERS',
      feeType: 'CNY',
      totalFee: overrides.totalFee ?? order.request.total_fee,
      cashFee: overrides.totalFee ?? order.request.total_fee,
      transactionId: this.transactionIdOf(outTradeNo),
      outTradeNo,
      timeEnd,
      nonceStr: randomBytes(16).toString('hex'),
    };
  }
}

function defaultErrmsg(errcode: number): string {
  if (errcode === 43101) return 'user refuse to accept the msg';
  if (errcode === 47003) return 'argument invalid!';
  return 'refused by the local cloud';
}

function protoReply(answer: Record<string, unknown>): WeChatReply {
  const message = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(answer)),
    contentType: 'application/json; charset=utf-8',
    errorCode: 0,
    httpCode: 200,
  });
  // Not "application/json; charset=utf-8": the SDK would try to parse the protobuf as JSON.
  return { status: 200, contentType: 'application/octet-stream', body: Buffer.from(CommOpenApiResp.encode(message).finish()) };
}

/** WeChat Pay's answer. Exactly "application/json; charset=utf-8" would make the SDK parse it
 * early and then refuse it as "not a buffer", so the plain type is used. */
function jsonReply(value: unknown): WeChatReply {
  return { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) };
}

/** A cloud-side refusal ({code, message}) in the form the SDK reads for these raw actions. */
export function tcbError(code: string, message: string): WeChatReply {
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify({ code, message, requestId: randomBytes(8).toString('hex') })),
  };
}
