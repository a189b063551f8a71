const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ordinal = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

/** A cron expression the planner writes, in words ("every weekday at 09:00"); others are shown as they are. */
export function describeCron(cron: string, timezone: string): string {
  const [min, hour, dom, month, dow] = cron.split(' ');
  const at = /^\d+$/.test(min ?? '') && /^\d+$/.test(hour ?? '') ? ` at ${hour!.padStart(2, '0')}:${min!.padStart(2, '0')} (${timezone})` : '';
  if (!at) return `on the schedule ${cron} (${timezone})`;
  if (dom === '*' && month === '*') {
    if (dow === '*') return `every day${at}`;
    if (dow === '1-5') return `every weekday${at}`;
    if (dow === '0,6') return `every weekend day${at}`;
    const nth = /^(\d)#(\d)$/.exec(dow ?? '');
    if (nth) return `on the ${ordinal[Number(nth[2])]} ${dayNames[Number(nth[1])]} of every month${at}`;
    const last = /^(\d)L$/.exec(dow ?? '');
    if (last) return `on the last ${dayNames[Number(last[1])]} of every month${at}`;
    if (/^[\d,]+$/.test(dow ?? '')) return `every ${dow!.split(',').map((d) => dayNames[Number(d)]).join(' and ')}${at}`;
  }
  if (dow === '*' && month === '*') {
    if (dom === 'L') return `on the last day of every month${at}`;
    if (/^\d+$/.test(dom ?? '')) return `on day ${dom} of every month${at}`;
  }
  if (dom === '1' && month === '1,4,7,10' && dow === '*') return `on the first day of every quarter${at}`;
  return `on the schedule ${cron} (${timezone})`;
}
