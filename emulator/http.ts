// The HTTP surface of the local cloud: /admin for the SDK, uploads and temp-file URLs, the
// /api/* endpoints tools and tests use (SPEC §10), and the h5 build at /.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { Admin } from './admin';
import type { Clock } from './clock';
import { FileStore, isInside } from './files';
import { CALL_DATA_MAX_BYTES, CALL_DATA_MAX_DEPTH, type FunctionRunner, type InvokeOutcome, LOCAL_APPID } from './runner';
import { nestsDeeperThan } from '../cloudfunctions/core/router/limits';
import type { Scheduler } from './scheduler';
import type { DevPerson } from './seed';
import type { QueuedFailure, WeChat } from './wechat';

export interface HttpDeps {
  admin: Admin;
  clock: Clock;
  runner: FunctionRunner;
  scheduler: Scheduler;
  wechat: WeChat;
  files: FileStore;
  devPeople(): DevPerson[];
  staticDir: string;
  runTimer(name: string): Promise<InvokeOutcome>;
}

const MAX_BODY = 64 * 1024 * 1024;
/** A browser upload (one compressed photo) is far smaller than what the SDK may send. */
const MAX_BROWSER_UPLOAD = 10 * 1024 * 1024;
/** Extensions a browser upload may keep; anything else is stored without one. */
const UPLOAD_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp']);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves with the body, or null when it is longer than `limit` (read to its end, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null>;
function readBody(req: IncomingMessage): Promise<Buffer>;
function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer | string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** The response header carrying how many /admin round trips a function call made. */
export const ROUND_TRIPS_HEADER = 'x-round-trips';

function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A function's failure as WeChat reports it to callFunction. */
function sendOutcome(res: ServerResponse, outcome: InvokeOutcome, headers: Record<string, string> = {}): void {
  if (outcome.ok) {
    sendJson(res, 200, outcome.result, headers);
    return;
  }
  const status = outcome.errCode === -504003 ? 504 : outcome.errCode === -501000 ? 404 : outcome.errCode === -501007 ? 400 : 500;
  sendJson(res, status, { errCode: outcome.errCode, errMsg: outcome.message, code: outcome.code }, headers);
}

/** The contract's INVALID_INPUT envelope, for a call refused before it reaches its function. */
function invalidCall(message: string): { ok: false; error: { code: 'INVALID_INPUT'; message: string } } {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

function decodePath(raw: string): string | null {
  try {
    return FileStore.clean(raw.split('/').map(decodeURIComponent).join('/'));
  } catch {
    return null;
  }
}

const NO_BUILD_NOTE = `<!doctype html><meta charset="utf-8"><title>Guanjia local cloud</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>管家 · local cloud</h1>
<p>The local cloud is running, but there is no h5 build to serve yet.</p>
<p>Run <code>npm run build:h5</code> (or <code>npm start</code>, which builds everything) and reload.</p>
</body>`;

export function createHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const staticRoot = resolve(deps.staticDir);

  function serveStatic(res: ServerResponse, pathname: string, head: boolean): void {
    const index = join(staticRoot, 'index.html');
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
    } catch {
      relative = '';
    }
    let file = resolve(staticRoot, relative.replace(/\\/g, '/'));
    if (relative.includes('\0') || !isInside(staticRoot, file) || !existsSync(file) || !statSync(file).isFile()) file = index;
    if (!existsSync(file)) {
      send(res, 200, 'text/html; charset=utf-8', NO_BUILD_NOTE);
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(head ? undefined : body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'POST' && (path === '/admin' || path.startsWith('/admin/'))) {
      const body = await readBody(req);
      const reply = await deps.admin.handle(String(req.headers['content-type'] ?? ''), body);
      send(res, reply.status, reply.contentType, reply.body);
      return;
    }
    if (method === 'PUT' && path.startsWith('/upload/')) {
      const file = decodePath(path.slice('/upload/'.length));
      const body = await readBody(req);
      if (!file || !deps.files.put(file, body)) {
        send(res, 400, 'application/xml', '<Error><Code>InvalidArgument</Code><Message>bad path</Message></Error>');
        return;
      }
      // The SDK treats any body as a COS error: answer with an empty one.
      res.writeHead(200, { 'content-length': 0, etag: `"${body.length}"` });
      res.end();
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && path.startsWith('/files/')) {
      const file = decodePath(path.slice('/files/'.length));
      const bytes = file ? deps.files.get(file) : null;
      if (!bytes) {
        send(res, 404, 'application/xml', '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file ?? '').toLowerCase()] ?? 'application/octet-stream', 'content-length': bytes.length });
      res.end(method === 'HEAD' ? undefined : bytes);
      return;
    }

    if (path.startsWith('/api/')) {
      const fn = /^\/api\/fn\/([^/]+)$/.exec(path);
      if (fn && method === 'POST') {
        // Bounded here, before a worker is involved: the caller gets the contract's envelope.
        const bytes = await readBody(req, CALL_DATA_MAX_BYTES);
        if (bytes === null) {
          sendJson(res, 413, invalidCall(`请求数据过大（不超过 ${CALL_DATA_MAX_BYTES / 1024} KB）`));
          return;
        }
        const body = parseJsonBody(bytes);
        if (nestsDeeperThan(body, CALL_DATA_MAX_DEPTH)) {
          sendJson(res, 400, invalidCall(`请求数据层级过深（不超过 ${CALL_DATA_MAX_DEPTH} 层）`));
          return;
        }
        const header = req.headers['x-openid'];
        const openid = typeof header === 'string' && header !== '' ? header : undefined;
        // The event is the caller's `data` as sent; WeChat adds who calls as userInfo.
        const event: Record<string, unknown> = { ...body, userInfo: { appId: LOCAL_APPID, openId: openid } };
        const { outcome, record } = await deps.runner.run(decodeURIComponent(fn[1]), event, { openid, source: 'wx_client' });
        sendOutcome(res, outcome, { [ROUND_TRIPS_HEADER]: String(record.roundTrips) });
        return;
      }
      const timer = /^\/api\/timer\/([^/]+)$/.exec(path);
      if (timer && method === 'POST') {
        sendOutcome(res, await deps.runTimer(decodeURIComponent(timer[1])));
        return;
      }
      if (path === '/api/clock' && method === 'POST') {
        const body = parseJsonBody(await readBody(req));
        if (body.now === null || body.now === undefined) deps.clock.fix(null);
        else {
          const d = new Date(String(body.now));
          if (typeof body.now !== 'string' || Number.isNaN(d.getTime())) throw new HttpError(400, '"now" must be an ISO date or null');
          deps.clock.fix(d);
        }
        sendJson(res, 200, { now: deps.clock.now().toISOString(), fixed: deps.clock.fixedAt() !== null });
        return;
      }
      if (path === '/api/clock' && method === 'GET') {
        sendJson(res, 200, { now: deps.clock.now().toISOString(), fixed: deps.clock.fixedAt() !== null });
        return;
      }
      // The recordings: each finished call with its round trips (?since=<seq> for the newer ones).
      if (path === '/api/calls' && method === 'GET') {
        const since = Number(url.searchParams.get('since') ?? '0');
        sendJson(res, 200, deps.runner.recordings(Number.isFinite(since) ? since : 0));
        return;
      }
      if (path === '/api/outbox' && method === 'GET') {
        sendJson(res, 200, deps.wechat.outbox);
        return;
      }
      if (path === '/api/payments' && method === 'GET') {
        sendJson(res, 200, deps.wechat.payments);
        return;
      }
      if (path === '/api/openapi/fail' && method === 'POST') {
        const body = parseJsonBody(await readBody(req));
        if (typeof body.api !== 'string' || typeof body.errcode !== 'number') {
          throw new HttpError(400, 'expected { api: string, errcode: number, errmsg?, touser?, times? }');
        }
        deps.wechat.queueFailure(body as unknown as QueuedFailure);
        sendJson(res, 200, { queued: true });
        return;
      }
      const pay = /^\/api\/pay\/([^/]+)$/.exec(path);
      if (pay && method === 'POST') {
        const outTradeNo = decodeURIComponent(pay[1]);
        const order = deps.wechat.unifiedOrder(outTradeNo);
        if (!order) throw new HttpError(404, `no unified order ${outTradeNo}`);
        const fnName = String(order.request.function_name ?? '');
        // An optional {"totalFee": n} delivers a callback for another amount (a tampered or mismatched payment).
        const body = parseJsonBody(await readBody(req));
        if (body.totalFee !== undefined && !Number.isInteger(body.totalFee)) throw new HttpError(400, '"totalFee" must be an integer (fen)');
        const event = deps.wechat.paymentCallback(order, body.totalFee === undefined ? {} : { totalFee: body.totalFee as number });
        sendOutcome(res, await deps.runner.invoke(fnName, event, { openid: order.openid ?? undefined, source: 'wx_paycallback' }));
        return;
      }
      // WeChat Pay's refund result for a refund the functions requested (function_name of the
      // refund call); body {"status": "SUCCESS" | "CHANGE" | "REFUNDCLOSE"}, SUCCESS by default.
      const refund = /^\/api\/refund\/([^/]+)$/.exec(path);
      if (refund && method === 'POST') {
        const outRefundNo = decodeURIComponent(refund[1]);
        const record = deps.wechat.refundOf(outRefundNo);
        if (!record) throw new HttpError(404, `no refund ${outRefundNo}`);
        const body = parseJsonBody(await readBody(req));
        const status = body.status === undefined ? 'SUCCESS' : String(body.status);
        if (!['SUCCESS', 'CHANGE', 'REFUNDCLOSE'].includes(status)) throw new HttpError(400, '"status" must be SUCCESS, CHANGE or REFUNDCLOSE');
        const fnName = String(record.request.function_name ?? '');
        if (!fnName) throw new HttpError(400, `refund ${outRefundNo} named no function_name to call back`);
        const event = deps.wechat.refundCallback(record, status);
        sendOutcome(res, await deps.runner.invoke(fnName, event, { source: 'wx_paycallback' }));
        return;
      }
      // The h5 build cannot use wx.cloud.uploadFile (no SDK in a browser): it sends the bytes here
      // and gets the fileID cloud.uploadFile would have given, stored where the SDK stores its own.
      if (path === '/api/upload' && method === 'POST') {
        const body = await readBody(req);
        if (body.length === 0) throw new HttpError(400, "the body must be the file's bytes");
        if (body.length > MAX_BROWSER_UPLOAD) throw new HttpError(413, 'a browser upload is limited to 10 MB');
        const ext = extname(url.searchParams.get('name') ?? '').toLowerCase();
        const folder = (url.searchParams.get('folder') ?? 'uploads').replace(/[^a-z0-9_-]/gi, '') || 'uploads';
        const cloudPath = `${folder}/${Date.now().toString(36)}-${randomBytes(6).toString('hex')}${UPLOAD_EXTENSIONS.has(ext) ? ext : ''}`;
        // The admin endpoint names the file exactly as for the SDK, so fileIDs look the same.
        const meta = await deps.admin.handle('application/json', Buffer.from(JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath })));
        const fileID = (JSON.parse(meta.body.toString('utf8')) as { data?: { fileId?: unknown } }).data?.fileId;
        if (typeof fileID !== 'string') throw new HttpError(500, 'no fileID for the upload');
        if (!deps.files.put(cloudPath, body)) throw new HttpError(400, 'the upload has no valid path');
        sendJson(res, 200, { fileID, url: `/files/${cloudPath}` });
        return;
      }
      // An <img> cannot load cloud:// ids: this turns one into the file's local URL.
      if (path === '/api/file' && (method === 'GET' || method === 'HEAD')) {
        const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(url.searchParams.get('id') ?? '');
        const file = match ? FileStore.clean(match[1]) : null;
        if (!file || !deps.files.get(file)) throw new HttpError(404, 'no such file');
        res.writeHead(302, { location: `/files/${file.split('/').map(encodeURIComponent).join('/')}`, 'content-length': 0 });
        res.end();
        return;
      }
      // The getPhoneNumber button has no h5 counterpart: the page asks here for the code WeChat
      // would give the signed-in person (x-openid). {"phone"} first sets their WeChat phone.
      if (path === '/api/dev/phone-code' && method === 'POST') {
        const header = req.headers['x-openid'];
        if (typeof header !== 'string' || header === '') throw new HttpError(400, 'x-openid is required: whose WeChat phone?');
        const body = parseJsonBody(await readBody(req));
        if (body.phone !== undefined && (typeof body.phone !== 'string' || !/^\d{5,20}$/.test(body.phone))) {
          throw new HttpError(400, '"phone" must be digits');
        }
        if (typeof body.phone === 'string') deps.wechat.setPhone(header, body.phone);
        const issued = deps.wechat.issuePhoneCode(header);
        if (!issued) throw new HttpError(404, `the local cloud knows no WeChat phone for ${header} (give one as {"phone"})`);
        sendJson(res, 200, issued);
        return;
      }
      if (path === '/api/dev/people' && method === 'GET') {
        sendJson(res, 200, deps.devPeople());
        return;
      }
      throw new HttpError(404, `no such endpoint: ${method} ${path}`);
    }

    if (method === 'GET' || method === 'HEAD') {
      serveStatic(res, path, method === 'HEAD');
      return;
    }
    throw new HttpError(405, `${method} ${path} is not served here`);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) sendJson(res, error.status, { errCode: -1, errMsg: error.message });
      else {
        console.error('[local cloud] request failed:', error);
        sendJson(res, 500, { errCode: -1, errMsg: error instanceof Error ? error.message : String(error) });
      }
    });
  };
}
