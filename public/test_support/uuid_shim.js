// Tests only: uuid's API as the browser libraries use it, from node's crypto (uuid 10+ cannot be required in jest).
const { randomUUID } = require('crypto');
module.exports = { v1: randomUUID, v4: randomUUID };
