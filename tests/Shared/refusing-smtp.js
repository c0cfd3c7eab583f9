// A real SMTP server (smtp-server, the library maildev is built on) that refuses some recipients, for the tests of
// what the app does with a 5xx or a 4xx answer: maildev accepts everything. Addresses starting with "refuse" get
// 550 (permanent), "later" get 451 (try again). It prints one line per event on stdout:
// LISTENING <port>, CONNECT, DELIVERED <recipient>.
const { SMTPServer } = require("smtp-server");

const port = Number(process.argv[2]);
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onConnect(session, callback) {
    console.log("CONNECT");
    callback();
  },
  onRcptTo(address, session, callback) {
    const to = address.address.toLowerCase();
    if (to.startsWith("refuse")) {
      const error = new Error("Mailbox unavailable");
      error.responseCode = 550;
      return callback(error);
    }
    if (to.startsWith("later")) {
      const error = new Error("Mailbox busy, try again later");
      error.responseCode = 451;
      return callback(error);
    }
    callback();
  },
  onData(stream, session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      for (const r of session.envelope.rcptTo) console.log("DELIVERED " + r.address.toLowerCase());
      callback();
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log("LISTENING " + port));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
