# lambdavet as a container image: a static binary built from this
# repository, on distroless (CA certificates and a nonroot user, no shell).
#
#   docker build -t lambdavet .
#   docker run --rm -v "$PWD:/src" lambdavet ./...
#
# The version comes from the VERSION build argument, or else from the Git
# tag Go stamps into the binary (the .git folder is part of the context).

FROM golang:1.26 AS build
WORKDIR /build
# Modules first, so a change to the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
# CGO off: a static binary, which distroless/static needs (no libc).
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/lambdavet ./cmd/lambdavet

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/lambdavet /usr/local/bin/lambdavet
# Mount the repository to lint here; paths in findings are relative to it.
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/lambdavet"]
