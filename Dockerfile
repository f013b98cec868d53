# taizhang as docker-compose.yml runs it. Node 20 on glibc, so better-sqlite3 installs
# from its prebuilt binary; the toolchain is only the fallback when none matches.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# npm ci ran before the sources were copied, so its prepare step could not build the web console.
RUN npm run build:web
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 3000
CMD ["npm", "start"]
