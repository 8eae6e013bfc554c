/** The outlet is British: dates read in UK time, whatever the server's zone. */
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const timeOfDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** "20 November 2026" */
export const formatDate = (iso: string) => longDate.format(new Date(iso));
/** "20 November 2026, 09:30 GMT" */
export const formatDateTime = (iso: string) => `${longDate.format(new Date(iso))}, ${timeOfDay.format(new Date(iso))}`;
