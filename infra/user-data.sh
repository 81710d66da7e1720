#!/bin/bash
# The seed's user data for EC2_Web, rendered by renderUserData (infra/web.ts): every line that
# starts with "# " is a template comment and is dropped; __HTTPD_PORTS__ becomes the httpd config
# for the instance's ports (nothing when httpd's own Listen 80 suffices); __GREETING__ the
# greeting, escaped for HTML and for bash double quotes; __HEALTH_PAGE__ the /healthz page when a
# target group checks that path (nothing otherwise).
set -euo pipefail
yum update -y
yum install httpd -y
__HTTPD_PORTS__
systemctl enable httpd.service
systemctl start httpd.service
cd /var/www/html
echo "__GREETING__ $(hostname -f)" > index.html
__HEALTH_PAGE__
