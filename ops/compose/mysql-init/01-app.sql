-- Run once by the mysql:8.4 image when its data volume is empty (/docker-entrypoint-initdb.d).
-- The database and the user the development stack connects with, and the prefork demo's table t.

CREATE DATABASE IF NOT EXISTS app;

-- caching_sha2_password, MySQL 8.4's default: mybouncer logs in with it over TLS.
-- The password is compose/dev.env's APP_DB_PASSWORD (an init script cannot read the environment).
CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'app-dev-password';
GRANT ALL PRIVILEGES ON app.* TO 'app'@'%';

-- The prefork demo answers GET /q?id=N from row N, which holds 'row-N' (the layout its `seed`
-- command creates), so a wrong answer (another request's row) is visible.
CREATE TABLE IF NOT EXISTS app.t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);
INSERT INTO app.t (id, name)
    WITH RECURSIVE n (id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 1000)
    SELECT id, CONCAT('row-', id) FROM n;
