// The seeded demo's people (database/seed/010-demo-community.json, 悦海和园) by the part they play
// in tests, so a test reads "DUTY claims" rather than an openid.
export const OWNER = 'dev-owner-1'; // owner of 1-1-101
export const OTHER_OWNER = 'dev-owner-2'; // owner of 2-1-202
export const RESIDENT = 'dev-resident-1'; // a tenant
export const DUTY = 'dev-steward-1'; // the duty steward
export const AREA = 'dev-steward-2'; // an area steward
export const LEAD = 'dev-lead';
export const MANAGER = 'dev-manager';
export const ENGINEER = 'dev-engineer';
export const GUARD = 'dev-guard';
