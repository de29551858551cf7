/** What a Zebra printer says about itself in its answer to `~HS` (ZPL II Programming Guide, "~HS"). */
export interface ZebraHostStatus {
  paperOut: boolean;
  paused: boolean;
  /** Label length, dots. */
  labelLength: number;
  formatsInBuffer: number;
  bufferFull: boolean;
  diagnosticMode: boolean;
  partialFormat: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  headOpen: boolean;
  ribbonOut: boolean;
  thermalTransfer: boolean;
  labelsRemaining: number;
}

const STX = '\x02';
const ETX = '\x03';

/** The `<STX>…<ETX>` strings received so far. */
export function hostStatusStrings(text: string): string[] {
  const strings: string[] = [];
  for (let start = text.indexOf(STX); start >= 0; start = text.indexOf(STX, start + 1)) {
    const end = text.indexOf(ETX, start + 1);
    if (end < 0) break;
    const body = text.slice(start + 1, end);
    // An STX inside means the one before it was never closed: the string starts at the last one.
    if (!body.includes(STX)) strings.push(body);
  }
  return strings;
}

export class HostStatusError extends Error {
  override readonly name = 'HostStatusError';
}

/**
 * Reads the three strings: `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l`,
 * `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www` and `xxxx,y`.
 */
export function parseHostStatus(text: string): ZebraHostStatus {
  const strings = hostStatusStrings(text);
  if (strings.length < 3) throw new HostStatusError(`a host status answer has three <STX>…<ETX> strings, this one has ${strings.length}`);
  const first = strings[0]!.split(',').map((field) => field.trim());
  const second = strings[1]!.split(',').map((field) => field.trim());
  if (first.length < 12 || second.length < 11 || ![...first, ...second].every((field) => /^\d+$/.test(field))) {
    throw new HostStatusError(`not a host status answer: ${JSON.stringify(`${STX}${strings[0]}${ETX}${STX}${strings[1]}${ETX}`)}`);
  }
  const flag = (fields: string[], index: number): boolean => fields[index] === '1';
  return {
    paperOut: flag(first, 1),
    paused: flag(first, 2),
    labelLength: Number(first[3]),
    formatsInBuffer: Number(first[4]),
    bufferFull: flag(first, 5),
    diagnosticMode: flag(first, 6),
    partialFormat: flag(first, 7),
    corruptRam: flag(first, 9),
    underTemperature: flag(first, 10),
    overTemperature: flag(first, 11),
    headOpen: flag(second, 2),
    ribbonOut: flag(second, 3),
    thermalTransfer: flag(second, 4),
    labelsRemaining: Number(second[8]),
  };
}

/** Why the printer cannot take a label now, in words for the operator; empty when it can. */
export function notReadyConditions(status: ZebraHostStatus): string[] {
  const conditions: [boolean, string][] = [
    [status.paperOut, 'paper out'],
    [status.headOpen, 'head open'],
    // Direct thermal printing needs no ribbon, whatever the sensor says.
    [status.ribbonOut && status.thermalTransfer, 'ribbon out'],
    [status.paused, 'paused'],
    [status.bufferFull, 'receive buffer full'],
    [status.overTemperature, 'head too hot'],
    [status.underTemperature, 'head too cold'],
    [status.diagnosticMode, 'in communications diagnostic mode (it would print the data as hex)'],
  ];
  return conditions.filter(([on]) => on).map(([, words]) => words);
}
