#!/bin/bash
# payments-api user data: the payments team's application on Amazon Linux 2023, as
# workload.mode userData ships it (Pulumi.payments-dev.yaml, Pulumi.payments-prod.yaml).
# The program fills in {{webtier.<name>}} before the instance sees this file (README, "Ship your
# application"); everything else is bash as cloud-init runs it, once, at first boot.
#
# It installs Python 3.11, writes the application and a templated systemd unit, and starts one
# process per served port. Settings come from SSM Parameter Store and the database secret from
# Secrets Manager at start, through the instance role: nothing secret is in this file.
set -euo pipefail

dnf install -y python3.11

install -d -m 0755 /opt/payments-api
cat > /opt/payments-api/app.py <<'APP'
#!/usr/bin/env python3
"""payments-api: the payments team's small HTTP service behind the web tier.

One process per port (systemd unit payments-api@<port>). At start it reads its settings from SSM
Parameter Store (every parameter under PAYMENTS_PARAMETERS, decrypted) and checks that it can read
its database secret from Secrets Manager (PAYMENTS_SECRETS), both through the AWS CLI with the
instance role: nothing secret is in the user data or on disk.

  GET /healthz   200 "ok" when the settings were loaded, 503 otherwise (the target group's check)
  GET /api/...   a JSON answer naming the instance and the port
  anything else  404

Every answer carries X-Instance-Id, so `npm run verify` can tell the instances apart.
Standard library only: Python 3.9+ (Amazon Linux 2023 ships 3.9; the user data installs 3.11).
"""
import argparse
import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def aws(*args):
    """Runs the AWS CLI with the stack's region; returns its JSON answer."""
    cmd = ["aws", *args, "--region", os.environ["PAYMENTS_REGION"], "--output", "json"]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=20).stdout)


def load_settings():
    """Settings from SSM (names without their path) and whether every secret is readable."""
    settings = {}
    for path in os.environ.get("PAYMENTS_PARAMETERS", "").split():
        if path.endswith("/"):
            answer = aws("ssm", "get-parameters-by-path", "--path", path, "--recursive", "--with-decryption")
            for p in answer["Parameters"]:
                settings[p["Name"][len(path):]] = p["Value"]
        else:
            p = aws("ssm", "get-parameter", "--name", path, "--with-decryption")["Parameter"]
            settings[p["Name"].rsplit("/", 1)[-1]] = p["Value"]
    for secret in os.environ.get("PAYMENTS_SECRETS", "").split():
        # Read to prove access; the value stays in this process.
        aws("secretsmanager", "get-secret-value", "--secret-id", secret)
    return settings


class Handler(BaseHTTPRequestHandler):
    server_version = "payments-api"

    def answer(self, status, body, content_type="text/plain; charset=utf-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Instance-Id", self.server.instance_id)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            if self.server.error is None:
                self.answer(200, "ok\n")
            else:
                self.answer(503, f"settings not loaded: {self.server.error}\n")
        elif path == "/api" or path.startswith("/api/"):
            body = {"service": "payments-api", "instance": self.server.instance_id, "port": self.server.server_port,
                    "environment": self.server.settings.get("environment", "unknown")}
            self.answer(200, json.dumps(body) + "\n", "application/json")
        else:
            self.answer(404, "not found\n")

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bind", default="0.0.0.0")
    options = parser.parse_args()
    server = ThreadingHTTPServer((options.bind, options.port), Handler)
    server.instance_id = os.environ.get("PAYMENTS_INSTANCE_ID") or os.uname().nodename
    try:
        server.settings, server.error = load_settings(), None
    except Exception as e:  # noqa: BLE001 - any failure is an unhealthy instance, not a crash loop
        server.settings, server.error = {}, type(e).__name__
        sys.stderr.write(f"payments-api: settings not loaded: {e}\n")
    print(f"payments-api listening on {options.bind}:{options.port} as {server.instance_id}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
APP
chmod 0644 /opt/payments-api/app.py

# IMDSv2 (the launch template requires tokens): the instance ID names this instance's answers.
token=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
instance_id=$(curl -sS -H "X-aws-ec2-metadata-token: ${token}" http://169.254.169.254/latest/meta-data/instance-id)

cat > /etc/systemd/system/payments-api@.service <<UNIT
[Unit]
Description=payments-api on port %i ({{webtier.project}}/{{webtier.stack}})
After=network-online.target
Wants=network-online.target

[Service]
Environment=PAYMENTS_REGION={{webtier.region}}
Environment="PAYMENTS_PARAMETERS={{webtier.parameters}}"
Environment="PAYMENTS_SECRETS={{webtier.secrets}}"
Environment=PAYMENTS_INSTANCE_ID=${instance_id}
ExecStart=/usr/bin/python3.11 /opt/payments-api/app.py --port %i
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
ProtectSystem=strict
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
# The served ports (workload.serves), space-separated: one process each.
read -ra ports <<< "{{webtier.ports}}"
for port in "${ports[@]}"; do
    systemctl enable --now "payments-api@${port}.service"
done
