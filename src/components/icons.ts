// The entry icons, drawn here as small line drawings (24 × 24, white strokes on the coloured disc):
// a few hundred bytes each, where an icon font or NutUI's icon set adds tens of kilobytes to the
// weapp main package. A new registry icon name gets its drawing and colour here.

interface Drawing {
  /** SVG path data, drawn as strokes */
  paths: string[];
  /** circles as [cx, cy, r] */
  circles?: Array<[number, number, number]>;
  tone: string;
}

export const DRAWINGS: Record<string, Drawing> = {
  repair: { paths: ['M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.5-.5-.5-2.5z'], tone: '#1f8a70' },
  complaint: { paths: ['M3 11v2a1 1 0 0 0 1 1h2l5 4V6l-5 4H4a1 1 0 0 0-1 1z', 'M15 9a3 3 0 0 1 0 6', 'M18 6a7 7 0 0 1 0 12'], tone: '#e0793b' },
  tickets: { paths: ['M7 4h10a2 2 0 0 1 2 2v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a2 2 0 0 1 2-2z', 'M9 3h6v3H9z', 'M9 10h6', 'M9 14h6', 'M9 18h3'], tone: '#3b7de0' },
  service: { paths: ['M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10z'], tone: '#8a5cd6' },
  orders: { paths: ['M6 3h12v18l-3-2-3 2-3-2-3 2z', 'M9 8h6', 'M9 12h6'], tone: '#d6a23b' },
  bind: { paths: ['M3 11l9-7 9 7', 'M5 10v10h14V10', 'M10 20v-6h4v6'], tone: '#1f8a70' },
  inbox: { paths: ['M4 5h16v11H8l-4 4z'], tone: '#3b7de0' },
  question: { paths: ['M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7', 'M12 17h.01'], circles: [[12, 12, 9]], tone: '#2aa3b8' },
  questions: { paths: ['M3 5h12v8H7l-4 3z', 'M9 16h8l4 3v-8h-3'], tone: '#2aa3b8' },
  pass: {
    paths: ['M2 7h11v9H2z', 'M13 10h4l3 3v3h-7'],
    circles: [
      [6, 18, 2],
      [17, 18, 2],
    ],
    tone: '#5b6bd6',
  },
  greeting: { paths: ['M4 11h16v9H4z', 'M3 8h18v3H3z', 'M12 8v12', 'M12 8c-2-3-5-3-5-1s3 1 5 1c2 0 5 1 5-1s-3-2-5 1'], tone: '#e05b7d' },
  queue: { paths: ['M9 6h11', 'M9 12h11', 'M9 18h11', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'], tone: '#1f8a70' },
  gate: { paths: ['M4 8V4h4', 'M16 4h4v4', 'M20 16v4h-4', 'M8 20H4v-4', 'M4 12h16'], tone: '#5b6bd6' },
  report: { paths: ['M4 20h16', 'M7 16v-5', 'M12 16V7', 'M17 16v-8'], tone: '#d6a23b' },
  faq: { paths: ['M9 18h6', 'M10 21h4', 'M12 3a6 6 0 0 0-4 10.5c.6.6 1 1.5 1 2.5h6c0-1 .4-1.9 1-2.5A6 6 0 0 0 12 3z'], tone: '#2aa3b8' },
  log: { paths: ['M12 7v5l3 2'], circles: [[12, 12, 9]], tone: '#6b7280' },
  settings: { paths: ['M4 6h9', 'M17 6h3', 'M15 4v4', 'M4 12h3', 'M11 12h9', 'M9 10v4', 'M4 18h11', 'M19 18h1', 'M17 16v4'], tone: '#6b7280' },
  notice: { paths: ['M5 9v6h3l6 4V5L8 9z', 'M17 9a4 4 0 0 1 0 6'], tone: '#e0793b' },
  event: { paths: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v4', 'M16 3v4', 'M9 15l2 2 4-4'], tone: '#e05b7d' },
  survey: { paths: ['M6 3h12v18H6z', 'M9 8l1.5 1.5L13 7', 'M9 14l1.5 1.5L13 13', 'M15 8h.01'], tone: '#3b7de0' },
  phone: { paths: ['M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2'], tone: '#1f8a70' },
};

/** Any name without a drawing yet: a plain grid, so a new entry still has an icon. */
const FALLBACK: Drawing = { paths: ['M4 4h7v7H4z', 'M13 4h7v7h-7z', 'M4 13h7v7H4z', 'M13 13h7v7h-7z'], tone: '#6b7280' };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII string (the mini-program has no btoa; the drawings are ASCII). */
function base64(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += Number.isNaN(b) ? '=' : ALPHABET[(n >> 6) & 63];
    out += Number.isNaN(c) ? '=' : ALPHABET[n & 63];
  }
  return out;
}

const cache = new Map<string, { src: string; tone: string }>();

/** The drawing of `name` as an image source (base64 SVG works in both the weapp and h5) and its disc colour. */
export function iconOf(name: string): { src: string; tone: string } {
  const known = cache.get(name);
  if (known) return known;
  const drawing = DRAWINGS[name] ?? FALLBACK;
  const shapes = drawing.paths.map((d) => `<path d="${d}"/>`).join('') + (drawing.circles ?? []).map(([cx, cy, r]) => `<circle cx="${cx}" cy="${cy}" r="${r}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#ffffff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shapes}</svg>`;
  const icon = { src: `data:image/svg+xml;base64,${base64(svg)}`, tone: drawing.tone };
  cache.set(name, icon);
  return icon;
}
