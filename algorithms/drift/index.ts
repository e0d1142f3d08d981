// The drift-detection family of "streamine/algorithms".
export { ADWIN, type ADWINOptions } from "./adwin.js";
export { DDM, type DDMOptions } from "./ddm.js";
export { EDDM, type EDDMOptions } from "./eddm.js";
export { HDDM_A, type HDDM_AOptions } from "./hddm-a.js";
export { HDDM_W, type HDDM_WOptions } from "./hddm-w.js";
export { KSWIN, type KSWINOptions } from "./kswin.js";
export { PageHinkley, type PageHinkleyOptions } from "./page-hinkley.js";
