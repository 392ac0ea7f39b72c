/* A small closed-loop HTTP/1.1 load generator for the portal bench (bench_portal.py compiles it with cc).
 *
 *   loadgen HOST PORT PATH CONNECTIONS SECONDS [COOKIE|COOKIE|...]
 *
 * Each connection keeps one request in flight over keep-alive; responses carry Content-Length or are chunked.
 * With several cookies (separated by '|'), connection i sends cookie i mod n: several readers at once.
 * Prints one line: requests errors seconds rps p50_ms p99_ms bytes_per_response
 * Written in C so that on a 2-core machine the generator takes little CPU from the server it measures.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 1048576
#define MAXLAT 8000000

typedef struct {
    int fd;
    int req;
    char *buf;
    size_t have;
    double started;
} conn_t;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

#define MAXREQ 64
static char requests[MAXREQ][4096];
static size_t request_lens[MAXREQ];
static struct sockaddr_in addr;

static int open_conn(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("connect");
        exit(2);
    }
    return fd;
}

static void send_request(conn_t *c) {
    const char *request = requests[c->req];
    size_t off = 0, request_len = request_lens[c->req];
    while (off < request_len) {
        ssize_t n = write(c->fd, request + off, request_len - off);
        if (n <= 0) { perror("write"); exit(2); }
        off += (size_t)n;
    }
    c->have = 0;
    c->started = now();
}

/* Returns the full response length when one is complete, 0 when more bytes are needed, -1 on error. */
static long complete(conn_t *c, int *status) {
    char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - c->buf) + 4;
    *status = atoi(c->buf + 9);
    char *cl = memmem(c->buf, head, "Content-Length:", 15);
    if (!cl) cl = memmem(c->buf, head, "content-length:", 15);
    if (!cl) {
        /* Chunked: one response in flight, so it is complete when the buffer ends with the last chunk. */
        if (!memmem(c->buf, head, "chunked", 7)) return -1;
        if (c->have >= head + 5 && memcmp(c->buf + c->have - 5, "0\r\n\r\n", 5) == 0) return (long)c->have;
        return 0;
    }
    long body = atol(cl + 15);
    if (c->have < head + (size_t)body) return 0;
    return (long)(head + (size_t)body);
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT PATH CONNECTIONS SECONDS [COOKIE]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *path = argv[3];
    int port = atoi(argv[2]), nconn = atoi(argv[4]), nreq = 0;
    double seconds = atof(argv[5]);
    char *cookies = strdup(argc > 6 ? argv[6] : ""), *save = NULL;
    char *cookie = strtok_r(cookies, "|", &save);
    do {
        const char *c = cookie ? cookie : "";
        request_lens[nreq] = (size_t)snprintf(requests[nreq], sizeof requests[nreq],
            "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: dwgk-loadgen\r\nAccept: */*\r\n%s%s%s\r\n",
            path, host, port, *c ? "Cookie: " : "", c, *c ? "\r\n" : "");
        nreq++;
    } while (nreq < MAXREQ && cookie && (cookie = strtok_r(NULL, "|", &save)));
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, host, &addr.sin_addr);

    int ep = epoll_create1(0);
    conn_t *conns = calloc((size_t)nconn, sizeof *conns);
    float *lat = malloc(sizeof(float) * MAXLAT);
    long nlat = 0, errors = 0, last_size = 0;
    double t0 = now(), deadline = t0 + seconds;
    for (int i = 0; i < nconn; i++) {
        conns[i].fd = open_conn();
        conns[i].req = i % nreq;
        conns[i].buf = malloc(BUF);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (unsigned)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
        send_request(&conns[i]);
    }
    struct epoll_event events[256];
    while (now() < deadline) {
        int n = epoll_wait(ep, events, 256, 100);
        for (int k = 0; k < n; k++) {
            conn_t *c = &conns[events[k].data.u32];
            ssize_t r = read(c->fd, c->buf + c->have, BUF - c->have);
            if (r <= 0) {  /* server closed: reconnect and count an error */
                errors++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = open_conn();
                struct epoll_event ev = {.events = EPOLLIN, .data.u32 = events[k].data.u32};
                epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
                send_request(c);
                continue;
            }
            c->have += (size_t)r;
            int status = 0;
            long size = complete(c, &status);
            if (size < 0) { fprintf(stderr, "response neither sized nor chunked\n"); return 3; }
            if (size == 0) continue;
            if (status != 200) errors++;
            last_size = size;
            if (nlat < MAXLAT) lat[nlat++] = (float)((now() - c->started) * 1000.0);
            send_request(c);
        }
    }
    double took = now() - t0;
    qsort(lat, (size_t)nlat, sizeof(float), cmp);
    float p50 = nlat ? lat[nlat / 2] : 0, p99 = nlat ? lat[(long)((nlat - 1) * 0.99)] : 0;
    printf("%ld %ld %.3f %.1f %.2f %.2f %ld\n", nlat, errors, took, nlat / took, p50, p99, last_size);
    return 0;
}
