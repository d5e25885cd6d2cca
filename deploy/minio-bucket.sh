#!/bin/sh
# The minio-bucket one-shot of docker-compose.yml: the portal's bucket (private, versioned)
# and the portal's own access key, allowed that bucket only. Safe to run at every start.
set -eu
until mc alias set zi http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null; do
  sleep 1
done
mc mb --ignore-existing "zi/$AWS_STORAGE_BUCKET_NAME"
mc anonymous set none "zi/$AWS_STORAGE_BUCKET_NAME"
# Versioning keeps every overwritten or deleted object: the files' recovery between backups.
mc version enable "zi/$AWS_STORAGE_BUCKET_NAME"
cat > /tmp/portal-policy.json <<POLICY
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
   "Resource": ["arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME"]},
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
   "Resource": ["arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME/*"]}
]}
POLICY
mc admin policy create zi zi-portal /tmp/portal-policy.json
mc admin user add zi "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"
mc admin policy attach zi zi-portal --user "$AWS_ACCESS_KEY_ID" || true  # already attached
echo "Bucket $AWS_STORAGE_BUCKET_NAME siap."
