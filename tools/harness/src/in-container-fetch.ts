import type { HttpAnswer } from './faults';

/**
 * A service asked from inside its own container or pod (`node -e IN_CONTAINER_FETCH <path> <init>`):
 * the four services are not reachable from outside. Prints `{ status, text, error? }` as JSON.
 */
export const IN_CONTAINER_FETCH = `fetch('http://127.0.0.1:'+(process.env.PORT||3000)+process.argv[1],JSON.parse(process.argv[2])).then(async r=>{process.stdout.write(JSON.stringify({status:r.status,text:await r.text()}))},e=>{process.stdout.write(JSON.stringify({status:0,text:'',error:String(e.cause?.code??e)}))})`;

/** IN_CONTAINER_FETCH's output as an HttpAnswer (a JSON body parsed, any other text kept). */
export function inContainerAnswer(out: string, started: number): HttpAnswer {
  const answer = JSON.parse(out) as { status: number; text: string; error?: string };
  let body: unknown = answer.text;
  try {
    body = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const ms = performance.now() - started;
  return { status: answer.status, body, ms, ...(answer.error ? { error: answer.error } : {}) };
}
