// How many processes `npm start` runs per service: `REPLICAS` for all, `REPLICAS_<SERVICE>` for one.
// Replica i (from 0) of the gateway listens on PORT + i, and every process with a metrics
// listener on METRICS_PORT + its place in the list, so replicas on one machine do not collide.

const MAX_REPLICAS = 16;

/** The replica count of `service` from the environment (1 when unset); throws on a bad value. */
export function replicaCount(service, env) {
  for (const name of [`REPLICAS_${service.toUpperCase()}`, 'REPLICAS']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
      throw new Error(`${name} must be a whole number from 1 to ${MAX_REPLICAS}, got "${value}"`);
    }
    return count;
  }
  return 1;
}

/** The processes to supervise: {name, args, env} per replica, `name#i` from the second replica on. */
export function replicaPlan(services, env, argsOf) {
  const plan = [];
  for (const service of services) {
    for (let i = 0; i < replicaCount(service, env); i++) {
      const own = {};
      if (service === 'gateway' && i > 0) own.PORT = String(Number(env.PORT ?? 3000) + i);
      if (env.METRICS_PORT && Number(env.METRICS_PORT) > 0) own.METRICS_PORT = String(Number(env.METRICS_PORT) + plan.length);
      plan.push({ name: i === 0 ? service : `${service}#${i + 1}`, args: argsOf(service), env: own });
    }
  }
  return plan;
}
