// Checks the injector's answer to tests/images/admission-review.json (isolated mode), read from standard input:
// the review's uid, allowed, a JSONPatch whose native sidecars are the SoftHSM2 token unpacker, the p11-kit server
// and Sidecar, from the images the injector is configured with, and the status annotation last.
//
//   curl ... | node admission-answer.mjs UID SIDECAR_IMAGE SOFTHSM_IMAGE
//
// Prints one line per finding; exits 0 when all hold, 1 otherwise.
import { readFileSync } from 'node:fs';

const [uid, sidecarImage, softhsmImage] = process.argv.slice(2);
const problems = [];
const expect = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
};

let answer;
try {
  answer = JSON.parse(readFileSync(0, 'utf8'));
} catch (error) {
  console.log(`FAIL the answer is not JSON: ${error.message}`);
  process.exit(1);
}
const response = answer.response ?? {};
expect(answer.kind === 'AdmissionReview' && answer.apiVersion === 'admission.k8s.io/v1', 'an admission.k8s.io/v1 AdmissionReview');
expect(response.uid === uid, `response.uid is the request's (${uid})`);
expect(response.allowed === true, 'allowed');
expect(response.patchType === 'JSONPatch', 'patchType JSONPatch');

const patch = response.patch ? JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) : [];
const init = patch.find((op) => op.op === 'add' && op.path === '/spec/initContainers')?.value ?? [];
const names = init.map((c) => c.name).join(',');
expect(names === 'sidecar-softhsm-token,sidecar-softhsm,sidecar', `init containers in order: ${names}`);
const byName = Object.fromEntries(init.map((c) => [c.name, c]));
expect(byName.sidecar?.image === sidecarImage, `sidecar image ${byName.sidecar?.image}`);
expect(byName['sidecar-softhsm']?.image === softhsmImage, `softhsm image ${byName['sidecar-softhsm']?.image}`);
expect(byName.sidecar?.restartPolicy === 'Always' && byName['sidecar-softhsm']?.restartPolicy === 'Always',
  'sidecar and softhsm are native sidecars (restartPolicy: Always)');
expect(init.every((c) => c.securityContext?.runAsNonRoot === true && c.securityContext?.readOnlyRootFilesystem === true
  && c.securityContext?.allowPrivilegeEscalation === false && c.securityContext?.capabilities?.drop?.includes('ALL')),
  'every injected container: non-root, read-only root, no privilege escalation, all capabilities dropped');
const last = patch.at(-1);
expect(last?.path === '/metadata/annotations/sidecar.signing~1status' && last?.value === 'injected', 'status annotation last');

process.exit(problems.length === 0 ? 0 : 1);
