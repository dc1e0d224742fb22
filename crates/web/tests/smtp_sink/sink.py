"""A real SMTP server for the tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: sink.py FOLDER. Each message received is parsed by Python's own e-mail parser and
written, decoded, as FOLDER/<n>.json (envelope, headers, plain-text body); once it
accepts connections, the port it listens on is written to FOLDER/port. It stops when its
standard input closes (the test ended).
"""

import asyncio
import email
import json
import os
import sys
from email import policy

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        part = message.get_body(preferencelist=("plain",))
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["from"]),
            "to": str(message["to"]),
            "subject": str(message["subject"]),
            "body": part.get_content() if part is not None else "",
        }
        write(self.folder, f"{self.count}.json", json.dumps(record, ensure_ascii=False))
        return "250 Message accepted for delivery"


def write(folder, name, text):
    # Written aside, then moved: a reader never sees half a file.
    temp = os.path.join(folder, "." + name + ".tmp")
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(temp, os.path.join(folder, name))


async def main(folder):
    loop = asyncio.get_running_loop()
    handler = Sink(folder)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test"), "127.0.0.1", 0
    )
    write(folder, "port", str(server.sockets[0].getsockname()[1]))
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main(sys.argv[1]))
