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
