/** The outlet is British: dates read in UK time, whatever the server's zone. */
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const timeOfDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** Remembers the last few thousand results: a page shows the same dates again and again, and Intl is slow. */
function memo(format: (iso: string) => string): (iso: string) => string {
  const seen = new Map<string, string>();
  return (iso) => {
    let text = seen.get(iso);
    if (text === undefined) {
      text = format(iso);
      if (seen.size >= 5000) seen.clear();
      seen.set(iso, text);
    }
    return text;
  };
}

/** "20 November 2026" */
export const formatDate = memo((iso) => longDate.format(new Date(iso)));
/** "20 November 2026, 09:30 GMT" */
export const formatDateTime = memo((iso) => `${longDate.format(new Date(iso))}, ${timeOfDay.format(new Date(iso))}`);

const localParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as UK wall-clock time for a `datetime-local` input: "2026-11-27T13:30". */
export const toUkLocal = memo(ukLocalOf);

function ukLocalOf(iso: string): string {
  const p = Object.fromEntries(localParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The UK date of `nowIso` ("2026-11-27"), worked out once an hour (every card of every render
 * asks): the UK is a whole number of hours from UTC, so its date changes only on the hour.
 */
let lastHour = '';
let lastToday = '';
export function ukToday(nowIso: string): string {
  const hour = nowIso.slice(0, 13);
  if (hour !== lastHour) {
    // Not through the memo: the instants of renders would crowd the cards' dates out of it.
    lastToday = ukLocalOf(nowIso).slice(0, 10);
    lastHour = hour;
  }
  return lastToday;
}

/**
 * UK wall-clock time from a `datetime-local` input ("2026-07-01T09:00") as an ISO instant;
 * null when it is not such a value. An hour skipped in spring resolves forward (BST), an hour
 * repeated in autumn to its first occurrence.
 */
export function fromUkLocal(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(local.trim());
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) return null;
  // The UK is an hour ahead of UTC (BST) or level with it (GMT): the earlier reading that shows
  // this wall time wins; a wall time the spring change skips is read as GMT, i.e. an hour on.
  for (const offset of [3600_000, 0])
    if (toUkLocal(new Date(asUtc - offset).toISOString()) === wall) return new Date(asUtc - offset).toISOString();
  return new Date(asUtc).toISOString();
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockTime = memo((iso) => clock.format(new Date(iso)));

/**
 * When a story went out, as a card says it: "Today, 09:30" for today's (UK days), the date for
 * older ones. It depends on the clock, so pages that show it are cached for a bounded time.
 */
export function formatCardTime(iso: string, nowIso: string): string {
  return toUkLocal(iso).slice(0, 10) === ukToday(nowIso) ? `Today, ${clockTime(iso)}` : formatDate(iso);
}

/** The instant the UK's next day begins after `nowMs` (where "Today" labels turn into dates). */
export function nextUkMidnight(nowMs: number): number {
  const today = toUkLocal(new Date(nowMs).toISOString()).slice(0, 10);
  // Noon UTC on the UK date is safely inside it; a day on is tomorrow, whatever the offset.
  const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return Date.parse(fromUkLocal(`${tomorrow}T00:00`)!);
}
