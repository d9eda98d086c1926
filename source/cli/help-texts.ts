export const MAIN_HELP = `
  A chat room over TCP with a full-screen terminal UI. Anyone can join, even with nc.

  Usage
    $ tcpchat server [options]    run the room (live dashboard, or headless)
    $ tcpchat client [options]    join a room
    $ tcpchat bench [options]     measure a server under load
    $ tcpchat export [options]    write the stored history as JSON lines (for jq)

  Options
    --help       show help (also: tcpchat server --help, …)
    --version    show the version

  Examples
    $ tcpchat server --port 7777
    $ tcpchat client --host 192.168.1.20 --name alice
    $ nc 192.168.1.20 7777
`;

export const SERVER_HELP = `
  Usage
    $ tcpchat server [options]

  Options
    --host ADDRESS         listen address (default 0.0.0.0)
    --port N               TCP port, 0 picks a free one (default 7777; without it the
                           dashboard first asks for a port)
    --max-clients N        clients in all, 0 = no limit (default 10000)
    --max-per-ip N         clients from one address, 0 = no limit (default 100)
    --ipv6-prefix N        IPv6 clients count per network of N bits (default 64)
    --hello-timeout S      seconds to say hello (default 10)
    --nick-timeout S       seconds an nc/telnet user has to choose a nickname, counted
                           from connecting (default 60)
    --ping-interval S      keepalive: ping after S silent seconds, drop after 2×S (default 30)
    --rate N               messages per second per client (default 5)
    --burst N              messages allowed in a burst (default 10)
    --max-sendq BYTES      output a client's socket may hold unread; past it, a client that
                           stops reading is dropped as slow (default 1048576)
    --history N            room events kept and sent to newcomers (default 100)
    --default-room ROOM    the room everyone starts in (default #general)
    --rooms "#a,#b"        rooms made at start, besides the default one
    --max-rooms N          rooms in all, 0 = no limit (default 1000)
    --max-rooms-per-member N  rooms one person may be in at once (default 50)
    --room-expiry S        an empty room where nothing was ever said and with no topic
                           (not the default room nor one of --rooms) goes S seconds
                           after its last member left, 0 = never (default 60)
    --db PATH              history database (default: tcpchat-PORT.db in your data
                           directory; with --port 0, memory unless --db is given)
    --no-log               keep history in memory only
    --retain-days N        prune events older than N days (default: keep everything)
    --log-file PATH        the JSONL message log of an older tcpchat, imported once into
                           a new database (default: its per-port log, if there is one)
    --motd TEXT            message of the day sent on join
    --headless             no UI: one log line per event on stdout (automatic when
                           stdout is not a terminal)

  Examples
    $ tcpchat server --port 7777
    $ tcpchat server --port 0 --headless --no-log
`;

export const CLIENT_HELP = `
  Usage
    $ tcpchat client [options]

  Options
    --host HOST        server address (default 127.0.0.1)
    --port N           server port (default 7777)
    --name NAME        your nickname (default: your login name)
    --no-bell          no terminal bell on mentions and private messages
    --scrollback N     messages kept on screen (default 10000)
    --seconds          timestamps with seconds (/seconds switches in the room)

  With --host, --port and --name all given, the client connects at once.

  Examples
    $ tcpchat client
    $ tcpchat client --host 192.168.1.20 --port 7777 --name alice
`;

export const EXPORT_HELP = `
  Usage
    $ tcpchat export [options]

  Writes the history a server stored to stdout, one JSON event per line, oldest first.
  Safe while the server runs.

  Options
    --db PATH          the history database (default: the one of --port)
    --port N           the server's port, for its default database (default 7777)
    --room ROOM        one room only
    --since DATE       events from then on: 2025-01-31 (local midnight) or 2025-01-31T14:00

  Examples
    $ tcpchat export --room "#dev" | jq -r 'select(.type == "msg") | .from + ": " + .text'
    $ tcpchat export --since 2025-01-31 > history.jsonl
`;
