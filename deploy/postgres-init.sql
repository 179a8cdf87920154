-- One database per national node plus the hub's (docker-compose; the local stack does the same).
CREATE DATABASE ccp_az;
CREATE DATABASE ccp_kz;
CREATE DATABASE ccp_tm;
CREATE DATABASE ccp_hub;
