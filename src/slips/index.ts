/** Printed one-stop slips and the result document: plain data in, PDF bytes out. */
export { appointmentSlip, type AppointmentSlipInput } from './appointment-slip';
export { supplementRequest } from './supplement-request';
export { refusalNotice } from './refusal-notice';
export { apologyLetter } from './apology-letter';
export { stopNotice } from './stop-notice';
export { processControlSlip } from './process-control-slip';
export { resultDocument, LEADER_BOX, SEAL_BOX } from './result-document';
export type * from './types';
