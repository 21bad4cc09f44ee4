/**
 * Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's astronomical algorithm
 * ("Thuật toán tính âm lịch", https://www.informatik.uni-leipzig.de/~duc/amlich/) with the
 * time zone fixed at UTC+7.
 *
 * Why not lunar-javascript: it computes the Chinese calendar at UTC+8, and a new moon close to
 * midnight falls on different days in the two zones, which moves months and sometimes the leap
 * month — Tết 1985 is 21 Jan in Vietnam but 20 Feb in China, Tết 2007 is 17 Feb vs 18 Feb.
 *
 * Days are Julian Day Numbers (JDN) internally; callers get proleptic-Gregorian dates. Meeus'
 * truncated series used here is accurate to minutes for 1800–2200, which is what matters:
 * a new moon within minutes of local midnight is the only way to get a day wrong.
 */
import { InvalidInputError } from '../shared/errors';

/** Vietnam's standard offset in hours, as used by the official calendar since 1968. */
const TIME_ZONE = 7;
const SYNODIC_MONTH = 29.530588853;
/** JDN of the new moon of 1 Jan 1900 (Hồ Ngọc Đức's epoch for month counting). */
const EPOCH_NEW_MOON = 2415021.076998695;
const DR = Math.PI / 180;

export const MIN_LUNAR_YEAR = 1800;
export const MAX_LUNAR_YEAR = 2199;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True for the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** JDN of a proleptic-Gregorian date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = Math.floor((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  return dd + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** Proleptic-Gregorian date of a JDN (2440588 is 1970-01-01). */
export function jdToDate(jd: number): { day: number; month: number; year: number } {
  const d = new Date((jd - 2440588) * 86_400_000);
  return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}

/** Julian day (fractional, UT) of the k-th new moon after the 1900 epoch (Meeus, ch. 47 truncated). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 -= 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Sun's apparent longitude in radians, normalised to [0, 2π), at Julian day `jdn` (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  const L = (L0 + DL) * DR;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/** Local JDN of the day containing the k-th new moon. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE / 24);
}

/** Which of the 12 solar-term sectors (0–11, 30° each) the sun is in at the start of local day `jdn`. */
function sunSector(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

/** Local JDN of the first day of lunar month 11 (the month holding the winter solstice) of year `yy`. */
function lunarMonth11(yy: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  // Sector ≥ 9 means the sun already passed 270° (solstice) at this new moon: month 11 began one lunation earlier.
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Index (after month 11 at `a11`) of the first month without a major solar term: the leap month. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
    throw new InvalidInputError('calendar.year_out_of_range', `Lunar calendar supports years ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR}, got ${year}`);
  }
}

/** JDN of a lunar date; throws InvalidInputError if it does not exist (e.g. a leap month that year lacks). */
export function lunarToJd(l: LunarDate): number {
  assertYear(l.year);
  if (!Number.isInteger(l.month) || l.month < 1 || l.month > 12 || !Number.isInteger(l.day) || l.day < 1 || l.day > 30) {
    throw new InvalidInputError('calendar.bad_lunar_date', `Not a lunar date: ${l.day}/${l.month}`);
  }
  const [a11, b11] = l.month < 11 ? [lunarMonth11(l.year - 1), lunarMonth11(l.year)] : [lunarMonth11(l.year), lunarMonth11(l.year + 1)];
  const k = Math.floor(0.5 + (a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  let off = (l.month - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    // 13 lunations between the two month-11s: this lunar year has a leap month.
    const leapOff = leapMonthOffset(a11);
    const leapMonth = (leapOff - 2 + 12) % 12;
    if (l.leap && l.month !== leapMonth) throw noSuchLeap(l);
    if (l.leap || off >= leapOff) off += 1;
  } else if (l.leap) {
    throw noSuchLeap(l);
  }
  const jd = newMoonDay(k + off) + l.day - 1;
  if (l.day === 30 && newMoonDay(k + off + 1) <= jd) {
    throw new InvalidInputError('calendar.bad_lunar_date', `Lunar month ${l.month}/${l.year} has only 29 days`);
  }
  return jd;
}

function noSuchLeap(l: LunarDate): InvalidInputError {
  return new InvalidInputError('calendar.bad_lunar_date', `Lunar year ${l.year} has no leap month ${l.month}`);
}

/** Lunar date of a JDN (inverse of lunarToJd). */
export function jdToLunar(jd: number): LunarDate {
  // The mean-lunation estimate can be off by one either way, so step back until the month has begun
  // (the published algorithm only tries k+1 and k, and gives day 0 for 7 May 2054 and 9 Apr 2062).
  let k = Math.floor((jd - EPOCH_NEW_MOON) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k);
  while (monthStart > jd) monthStart = newMoonDay(--k);
  const { year: yy } = jdToDate(jd);
  let a11 = lunarMonth11(yy);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = lunarMonth11(yy - 1);
  } else {
    year = yy + 1;
    b11 = lunarMonth11(yy + 1);
  }
  const day = jd - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    if (diff >= leapOff) {
      month = diff + 10;
      if (diff === leapOff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/** JDN of Tết Nguyên đán (1/1 lunar) of the lunar year that begins in Gregorian `year`. */
export function tetJd(year: number): number {
  return lunarToJd({ day: 1, month: 1, year, leap: false });
}
