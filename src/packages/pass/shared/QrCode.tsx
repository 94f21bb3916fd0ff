// The pass's QR code drawn as Views, so that one component works in weapp and h5 without a canvas
// (WeChat's canvas is asynchronous and drawn outside the page's layer). Each row is a few runs of
// same-coloured modules: a version-1 code (21×21) is about 200 Views, not 441.
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { create } from 'qrcode/lib/core/qrcode';

/** The code's modules, row by row (true = dark). */
export function qrRows(text: string): boolean[][] {
  // M: survives a scratched or glare-washed screen; the code is short enough to stay at version 1–2.
  // The code is upper-case Crockford and dashes: QR's alphanumeric mode, given explicitly so the
  // encoder never reaches for TextEncoder (absent in older WeChat base libraries).
  const upper = text.toUpperCase();
  const segments = /^[0-9A-Z $%*+\-./:]*$/.test(upper) ? [{ data: upper, mode: 'alphanumeric' as const }] : upper;
  const { modules } = create(segments, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r += 1) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c += 1) row.push(Boolean(modules.get(r, c)));
    rows.push(row);
  }
  return rows;
}

/** Runs of one colour along a row: [dark, length] pairs. */
export function runsOf(row: boolean[]): Array<[boolean, number]> {
  const runs: Array<[boolean, number]> = [];
  for (const dark of row) {
    const last = runs[runs.length - 1];
    if (last && last[0] === dark) last[1] += 1;
    else runs.push([dark, 1]);
  }
  return runs;
}

const QUIET = 4;

export default function QrCode({ text, size = 440 }: { text: string; size?: number }) {
  const rows = qrRows(text);
  // whole design pixels per module, so the edges stay crisp
  const unit = Math.max(4, Math.floor(size / (rows.length + QUIET * 2)));
  const px = (n: number) => Taro.pxTransform(n * unit);
  return (
    <View className="qr" style={{ padding: px(QUIET), background: '#ffffff', display: 'inline-block' }} data-modules={rows.length}>
      {rows.map((row, r) => (
        <View key={r} className="qr__row" style={{ display: 'flex', height: px(1) }}>
          {runsOf(row).map(([dark, length], i) => (
            <View key={i} className={dark ? 'qr__dark' : 'qr__light'} style={{ width: px(length), height: px(1), background: dark ? '#000000' : '#ffffff' }} />
          ))}
        </View>
      ))}
    </View>
  );
}
