/**
 * Stryker ignorer: no mutants inside `<logger>.log(...)` calls. Log lines are for administrators;
 * their wording and fields are not behaviour the tests pin, and mutating them only adds survivors
 * and run time. Written without importing @stryker-mutator/api (a plain { kind, name, value } plugin).
 */
export const strykerPlugins = [
  {
    kind: 'Ignore',
    name: 'log-calls',
    value: {
      shouldIgnore(path) {
        const node = path.node;
        if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
        const property = node.callee.property;
        return property.type === 'Identifier' && property.name === 'log' ? 'a log line: wording is not behaviour' : undefined;
      },
    },
  },
];
