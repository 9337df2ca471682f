# Sourced by benchmarks that put nginx (Debian's package) beside our proxies as the baseline: a private instance whose
# files (config, pid, logs, temp) live in one directory.
#   start_nginx <dir> <http block>   writes <dir>/nginx.conf around the given upstream and server blocks and starts it
#   stop_nginx <dir>                 idempotent: a script may call it from its exit trap

start_nginx() {
  local dir=$1
  mkdir -p "$dir/temp"; chmod -R 777 "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
$2
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
}

stop_nginx() {
  [ -f "$1/nginx.pid" ] && kill -QUIT "$(cat "$1/nginx.pid")" 2>/dev/null || true
}
