/** Working-time calendar: legal time limits counted in Vietnamese working days. */
export { createWorkingCalendar, type WorkingCalendar, type WorkingCalendarOptions } from './working-calendar';
export { DEFAULT_WORKING_HOURS, parseWorkingHours, type WorkingHours, type Period } from './hours';
export { OVERRIDE_KINDS, validateOverride, validateOverrides, type Override, type OverrideKind } from './overrides';
export { statutoryHolidays, type Holiday, type HolidayRules } from './holidays';
export { jdToLunar, lunarToJd, tetJd, type LunarDate } from './lunar';
